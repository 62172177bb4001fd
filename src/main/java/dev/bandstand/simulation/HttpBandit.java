package dev.bandstand.simulation;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.simulation.environment.Round;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a run's traffic to a running Bandstand server: {@code POST
 * /v1/placements/{placement}/decisions} and {@code POST /v1/rewards}, as a client would.
 *
 * <p>The server keeps its own clock: the simulated time only reaches it as the context's
 * timestamp, so forgetting and reward waits run on the server's time.
 */
final class HttpBandit implements Bandit {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final WebClient client;
    private final URI base;
    private final String placement;

    HttpBandit(WebClient client, URI base, String placement) {
        this.client = client;
        this.base = base;
        this.placement = placement;
    }

    @Override
    public Choice decide(Round round, int count, Instant now) {
        JsonObject body = new JsonObject()
                .put("context", context(round.context()))
                .put("candidates", candidates(round.candidates()))
                .put("count", count);
        JsonObject answer = post("/v1/placements/" + placement + "/decisions", body);

        JsonArray choices = answer.getJsonArray("choices");
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < round.candidates().size(); i++) {
            index.put(round.candidates().get(i).id(), i);
        }
        int[] chosen = new int[choices.size()];
        String[] ids = new String[choices.size()];
        double[] p = new double[choices.size()];
        for (int k = 0; k < chosen.length; k++) {
            JsonObject c = choices.getJsonObject(k);
            ids[k] = c.getString("armId");
            Integer i = index.get(ids[k]);
            if (i == null) {
                throw new IllegalStateException("server chose an arm not offered: " + ids[k]);
            }
            chosen[k] = i;
            p[k] = c.getDouble("probability");
        }
        return new Choice(answer.getString("eventId"), chosen, ids, p, null);
    }

    @Override
    public void reward(Choice choice, int slot, double reward, Instant now) {
        JsonObject body = new JsonObject().put("eventId", choice.eventId())
                .put("value", reward);
        if (choice.armIds().length > 1) {
            body.put("armId", choice.armIds()[slot]);
        }
        post("/v1/rewards", body);
    }

    @Override
    public void close() {
    }

    /**
     * The placements of {@code needed} the server does not know ({@code GET
     * /v1/placements/{name}} answers 404), in the given order.
     *
     * @throws IllegalStateException when the server cannot be reached or answers otherwise
     */
    static List<String> missingPlacements(WebClient client, URI base, List<String> needed) {
        List<String> missing = new ArrayList<>();
        for (String name : needed) {
            String path = "/v1/placements/" + name;
            HttpResponse<Buffer> response = Await.result(client.getAbs(uri(base, path)).send(),
                    TIMEOUT);
            if (response.statusCode() == 404) {
                missing.add(name);
            } else if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + path + " answered "
                        + response.statusCode() + ": " + response.bodyAsString());
            }
        }
        return missing;
    }

    private static String uri(URI base, String path) {
        return base.resolve(base.getPath().replaceAll("/$", "") + path).toString();
    }

    private JsonObject post(String path, JsonObject body) {
        HttpResponse<Buffer> response = Await.result(
                client.postAbs(uri(base, path)).sendJsonObject(body), TIMEOUT);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered "
                    + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    private static JsonObject context(Context c) {
        JsonObject json = new JsonObject().put("timestamp", c.timestamp().toString())
                .put("timeZone", c.timeZone().getId())
                .put("device", c.device())
                .put("activity", c.activity());
        if (!c.features().isEmpty()) {
            json.put("features", new JsonObject(new HashMap<>(c.features())));
        }
        return json;
    }

    private static JsonArray candidates(List<Arm> arms) {
        JsonArray list = new JsonArray();
        for (Arm a : arms) {
            JsonObject json = new JsonObject().put("id", a.id());
            if (!a.features().isEmpty()) {
                json.put("features", new JsonObject(new HashMap<>(a.features())));
            }
            list.add(json);
        }
        return list;
    }
}
