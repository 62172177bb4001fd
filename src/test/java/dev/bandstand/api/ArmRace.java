package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * PUTs of distinct new arms sent all at once to one or more servers, each with a decision
 * without candidates beside it, over enough connections that every request is in flight
 * together; and what they were answered.
 *
 * @param puts the answer to each PUT, of arm {@code new-<i>}
 * @param decisions the answer to each decision
 */
record ArmRace(List<HttpResponse<Buffer>> puts, List<HttpResponse<Buffer>> decisions) {

    private static final JsonObject DECISION = new JsonObject().put("context",
            DecisionsIT.context());

    /** Sends {@code additions} PUTs and as many decisions, taking the ports in turn. */
    static ArmRace run(Vertx vertx, List<Integer> ports, String placement, int additions) {
        List<WebClient> clients = new ArrayList<>();
        for (int port : ports) {
            clients.add(WebClient.create(vertx, new WebClientOptions()
                    .setDefaultHost("127.0.0.1").setDefaultPort(port),
                    new PoolOptions().setHttp1MaxSize(2 * additions)));
        }
        try {
            List<Future<HttpResponse<Buffer>>> puts = new ArrayList<>();
            List<Future<HttpResponse<Buffer>>> decisions = new ArrayList<>();
            for (int i = 0; i < additions; i++) {
                WebClient client = clients.get(i % clients.size());
                puts.add(client.put("/v1/placements/" + placement + "/arms/new-" + i)
                        .putHeader("content-type", "application/json")
                        .sendBuffer(Buffer.buffer("{}")));
                decisions.add(client.post("/v1/placements/" + placement + "/decisions")
                        .putHeader("content-type", "application/json")
                        .sendBuffer(DECISION.toBuffer()));
            }
            Http.await(Future.join(new ArrayList<Future<?>>(puts)));
            Http.await(Future.join(new ArrayList<Future<?>>(decisions)));
            return new ArmRace(puts.stream().map(Future::result).toList(),
                    decisions.stream().map(Future::result).toList());
        } finally {
            clients.forEach(WebClient::close);
        }
    }

    /**
     * Asserts that exactly {@code room} PUTs added their arm (204) and every other one was
     * refused with 409 {@code TOO_MANY_ARMS} naming the field {@code armId}, the placement's
     * {@code max} arms and its limit; and that every decision was made (none found the
     * placement offering more arms than {@code max}).
     *
     * @return the ids of the arms added
     */
    List<String> assertOnlyRoomWasTaken(int room, int max) {
        List<String> added = new ArrayList<>();
        List<HttpResponse<Buffer>> refused = new ArrayList<>();
        for (int i = 0; i < puts.size(); i++) {
            if (puts.get(i).statusCode() == 204) {
                added.add("new-" + i);
            } else {
                refused.add(puts.get(i));
            }
        }

        assertThat(added).as("arms added").hasSize(room);
        assertThat(decisions).allSatisfy(d -> assertThat(d.statusCode())
                .as(d.bodyAsString()).isEqualTo(200));
        for (HttpResponse<Buffer> put : refused) {
            DecisionsIT.assertError(put, 409, "TOO_MANY_ARMS", "armId");
            assertThat(put.bodyAsJsonObject().getJsonObject("error").getString("message"))
                    .contains("offers " + max + " arms", "maxCandidates is " + max);
        }
        return added;
    }
}
