package dev.bandstand.api;

import static dev.bandstand.api.DecisionsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets its status, code and field in the one error shape, and
 * changes nothing: the placement's statistics and versions stay as they were, and the one
 * pending decision can still be rewarded afterwards.
 */
@ExtendWith(VertxExtension.class)
class ValidationIT {

    private static final String DECISIONS = "/v1/placements/artwork/decisions";
    private static final String REWARDS = "/v1/rewards";
    private static final String CONTEXT = "{\"timestamp\":\"2024-03-01T07:30:00Z\","
            + "\"timeZone\":\"Europe/Paris\",\"device\":\"tv\"}";
    private static final String GOOD = "{\"context\":" + CONTEXT
            + ",\"candidates\":[{\"id\":\"a\"},{\"id\":\"b\"}]}";

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T08:00:00Z"));
    private Server server;
    private Http http;

    /** One bad request and what it must get. */
    record Case(String name, HttpMethod method, String path, String body, String type,
            int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void start(Vertx vertx) {
        server = Http.await(Server.start(vertx, TestSettings.of(
                TestSettings.placement("artwork", "thompson", Map.of()),
                new TestSettings.Builder("ratings", "ucb1", Map.of())
                        .arms(TestSettings.arms(2)).reward(1, 5, null).build(),
                // more arms than maxCandidates, as instances adding arms at once can leave
                new TestSettings.Builder("crowded", "uniform", Map.of())
                        .arms(TestSettings.arms(3)).limits(2, 1).build()),
                ServerOptions.forTests(clock, 3)));
        http = new Http(vertx, server.port());
        String pending = GOOD.replace("{\"context\"", "{\"eventId\":\"pending-1\",\"context\"");
        assertThat(http.post(DECISIONS, pending).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badRequestIsRefusedInTheErrorShapeAndChangesNothing(Case c) {
        JsonObject before = http.get("/v1/placements/artwork").bodyAsJsonObject();

        HttpResponse<Buffer> response = c.method() == HttpMethod.POST
                ? http.post(c.path(), c.body(), c.type())
                : http.send(c.method(), c.path());

        assertError(response, c.status(), c.code(), c.field());
        assertThat(http.get("/v1/placements/artwork").bodyAsJsonObject()).isEqualTo(before);
        HttpResponse<Buffer> reward = http.post(REWARDS,
                "{\"eventId\":\"pending-1\",\"value\":1}");
        assertThat(reward.statusCode()).as(reward.bodyAsString()).isEqualTo(202);
    }

    @Test
    void compressedBodyIsRefusedNamingTheHeader() {
        JsonObject before = http.get("/v1/placements/artwork").bodyAsJsonObject();

        HttpResponse<Buffer> response = http.post(DECISIONS, GOOD,
                Map.of("content-encoding", "gzip"));

        assertError(response, 415, "UNSUPPORTED_ENCODING", "Content-Encoding");
        assertThat(http.get("/v1/placements/artwork").bodyAsJsonObject()).isEqualTo(before);
    }

    @Test
    void wrongMethodNamesTheAllowedOnes() {
        HttpResponse<Buffer> rewards = http.send(HttpMethod.GET, REWARDS);
        HttpResponse<Buffer> arms = http.send(HttpMethod.POST, "/v1/placements/artwork/arms/x");
        HttpResponse<Buffer> placement = http.send(HttpMethod.POST, "/v1/placements/artwork");

        assertThat(rewards.statusCode()).isEqualTo(405);
        assertThat(rewards.getHeader("allow")).isEqualTo("POST");
        assertThat(arms.getHeader("allow")).isEqualTo("DELETE, PUT");
        assertThat(placement.getHeader("allow")).isEqualTo("GET, HEAD");
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.addAll(json());
        all.addAll(context());
        all.addAll(candidates());
        all.addAll(rewards());
        all.addAll(routes());
        return all.stream();
    }

    private static List<Case> json() {
        return List.of(
                decision("malformed JSON", "{\"context\":", 400, "INVALID_JSON", null),
                decision("second object after the first", GOOD + " {}", 400, "INVALID_JSON",
                        null),
                decision("second line", GOOD + "\n" + GOOD, 400, "INVALID_JSON", null),
                decision("garbage after the object", GOOD + "x", 400, "INVALID_JSON", null),
                decision("empty body", "", 400, "INVALID_JSON", null),
                decision("array body", "[" + GOOD + "]", 400, "WRONG_TYPE", null),
                decision("duplicate key", "{\"count\":1,\"count\":2,\"context\":" + CONTEXT
                        + "}", 400, "INVALID_JSON", "count"),
                decision("unknown field", GOOD.replace("{\"context\"", "{\"colour\":1,"
                        + "\"context\""), 400, "UNKNOWN_FIELD", "colour"),
                decision("context of the wrong type", "{\"context\":\"now\"}", 400,
                        "WRONG_TYPE", "context"),
                decision("count as a string", with("\"count\":\"2\""), 400, "WRONG_TYPE",
                        "count"),
                decision("count with a fraction", with("\"count\":1.5"), 400, "WRONG_TYPE",
                        "count"),
                decision("count beyond int", with("\"count\":3000000000"), 400,
                        "OUT_OF_RANGE", "count"),
                decision("count zero", with("\"count\":0"), 400, "OUT_OF_RANGE", "count"),
                decision("count above maxCount", with("\"count\":4"), 400, "OUT_OF_RANGE",
                        "count"),
                decision("count above the candidates", with("\"count\":3"), 400,
                        "OUT_OF_RANGE", "count"),
                decision("NaN literal", GOOD.replace("\"device\":\"tv\"",
                        "\"features\":{\"x\":NaN}"), 400, "INVALID_JSON",
                        "context.features.x"),
                new Case("body over the limit", HttpMethod.POST, DECISIONS,
                        "{\"pad\":\"" + "x".repeat((int) TestSettings.MAX_BODY) + "\"}",
                        "application/json", 413, "BODY_TOO_LARGE", null),
                new Case("plain text content type", HttpMethod.POST, DECISIONS, GOOD,
                        "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE", null),
                new Case("JSON in another charset", HttpMethod.POST, DECISIONS, GOOD,
                        "application/json; charset=ISO-8859-1", 415, "UNSUPPORTED_MEDIA_TYPE",
                        null),
                new Case("no content type", HttpMethod.POST, DECISIONS, GOOD, null, 415,
                        "UNSUPPORTED_MEDIA_TYPE", null));
    }

    private static List<Case> context() {
        return List.of(
                decision("missing context", "{\"candidates\":[{\"id\":\"a\"}]}", 400,
                        "MISSING_FIELD", "context"),
                decision("missing timestamp", GOOD.replace(
                        "\"timestamp\":\"2024-03-01T07:30:00Z\",", ""), 400, "MISSING_FIELD",
                        "context.timestamp"),
                decision("missing time zone", GOOD.replace(",\"timeZone\":\"Europe/Paris\"",
                        ""), 400, "MISSING_FIELD", "context.timeZone"),
                decision("unknown time zone", GOOD.replace("Europe/Paris", "Mars/Olympus"),
                        400, "UNKNOWN_TIME_ZONE", "context.timeZone"),
                decision("time zone of the wrong type", GOOD.replace("\"Europe/Paris\"", "1"),
                        400, "WRONG_TYPE", "context.timeZone"),
                decision("bad timestamp", GOOD.replace("2024-03-01T07:30:00Z", "yesterday"),
                        400, "INVALID_TIMESTAMP", "context.timestamp"),
                decision("timestamp without offset", GOOD.replace("07:30:00Z", "07:30:00"),
                        400, "INVALID_TIMESTAMP", "context.timestamp"),
                decision("timestamp at the end of time (local dates would overflow)",
                        GOOD.replace("2024-03-01T07:30:00Z", "+999999999-12-31T23:59:59Z"),
                        400, "INVALID_TIMESTAMP", "context.timestamp"),
                decision("timestamp in the year 100000",
                        GOOD.replace("2024-03-01T07:30:00Z", "+100000-01-01T00:00:00Z"),
                        400, "INVALID_TIMESTAMP", "context.timestamp"),
                decision("infinite feature", feature("1e999"), 400, "OUT_OF_RANGE",
                        "context.features.x"),
                decision("absurd feature", feature("-2e9"), 400, "OUT_OF_RANGE",
                        "context.features.x"),
                decision("boolean feature", feature("true"), 400, "WRONG_TYPE",
                        "context.features.x"),
                decision("object feature", feature("{}"), 400, "WRONG_TYPE",
                        "context.features.x"),
                decision("device of the wrong type", GOOD.replace("\"tv\"", "[\"tv\"]"), 400,
                        "WRONG_TYPE", "context.device"));
    }

    private static List<Case> candidates() {
        StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i).append("\"}");
        }
        return List.of(
                decision("empty candidates", candidates(""), 400, "NO_CANDIDATES",
                        "candidates"),
                decision("candidates not an array", GOOD.replace(
                        "[{\"id\":\"a\"},{\"id\":\"b\"}]", "{}"), 400, "WRONG_TYPE",
                        "candidates"),
                decision("lone surrogate in an id (it would encode as '?')",
                        candidates("{\"id\":\"a\\ud800b\"},{\"id\":\"a?b\"}"), 400,
                        "INVALID_ID", "candidates[0].id"),
                decision("duplicate candidates", candidates("{\"id\":\"a\"},{\"id\":\"a\"}"),
                        400, "DUPLICATE_CANDIDATE", "candidates[1].id"),
                decision("too many candidates", candidates(eleven.toString()), 400,
                        "TOO_MANY_CANDIDATES", "candidates"),
                decision("candidate without id", candidates("{\"id\":\"a\"},{}"), 400,
                        "MISSING_FIELD", "candidates[1].id"),
                decision("empty id", candidates("{\"id\":\"\"}"), 400, "INVALID_ID",
                        "candidates[0].id"),
                decision("id with a bar", candidates("{\"id\":\"a|b\"}"), 400, "INVALID_ID",
                        "candidates[0].id"),
                decision("id with a control character", candidates("{\"id\":\"a\\u0001\"}"),
                        400, "INVALID_ID", "candidates[0].id"),
                decision("id too long", candidates("{\"id\":\"" + "x".repeat(129) + "\"}"),
                        400, "INVALID_ID", "candidates[0].id"),
                decision("absurd candidate feature", candidates(
                        "{\"id\":\"a\",\"features\":{\"tempo\":2e9}}"), 400, "OUT_OF_RANGE",
                        "candidates[0].features.tempo"),
                decision("tag of the wrong type", candidates(
                        "{\"id\":\"a\",\"features\":{\"tags\":[\"ok\",3]}}"), 400,
                        "WRONG_TYPE", "candidates[0].features.tags[1]"),
                decision("arm feature named id, which the decision log reserves", candidates(
                        "{\"id\":\"a\",\"features\":{\"id\":5}}"), 400, "INVALID_VALUE",
                        "candidates[0].features.id"),
                decision("tags named Arm", candidates("{\"id\":\"a\"},{\"id\":\"b\","
                        + "\"features\":{\"Arm\":[\"x\"]}}"), 400, "INVALID_VALUE",
                        "candidates[1].features.Arm"),
                decision("tags named _tag", candidates(
                        "{\"id\":\"a\",\"features\":{\"_tag\":[\"x\"]}}"), 400,
                        "INVALID_VALUE", "candidates[0].features._tag"),
                decision("a number named _x, which VW would not read", candidates(
                        "{\"id\":\"a\",\"features\":{\"_x\":1.5}}"), 400,
                        "INVALID_VALUE", "candidates[0].features._x"),
                decision("a string named _x", candidates("{\"id\":\"a\"},{\"id\":\"b\","
                        + "\"features\":{\"_x\":\"v\"}}"), 400, "INVALID_VALUE",
                        "candidates[1].features._x"),
                decision("a tag starting with _, a key VW would not read", candidates(
                        "{\"id\":\"a\",\"features\":{\"tags\":[\"ok\",\"_hidden\"]}}"),
                        400, "INVALID_VALUE", "candidates[0].features.tags"),
                decision("every candidate excluded", with("\"excludedArmIds\":[\"a\",\"b\"]"),
                        400, "NO_CANDIDATES", "excludedArmIds"),
                new Case("every configured arm excluded", HttpMethod.POST,
                        "/v1/placements/ratings/decisions", "{\"context\":" + CONTEXT
                        + ",\"excludedArmIds\":[\"b\",\"a\"]}", "application/json", 400,
                        "NO_CANDIDATES", "excludedArmIds"),
                new Case("more arms than maxCandidates", HttpMethod.POST,
                        "/v1/placements/crowded/decisions", "{\"context\":" + CONTEXT + "}",
                        "application/json", 400, "TOO_MANY_CANDIDATES", null),
                decision("bad event id", with("\"eventId\":\"x|y\""), 400, "INVALID_ID",
                        "eventId"),
                decision("event id that reads as a slate slot's", with("\"eventId\":\"x/1\""),
                        400, "INVALID_ID", "eventId"),
                decision("bad user id", with("\"userId\":\"\""), 400, "INVALID_ID",
                        "userId"),
                new Case("unknown placement", HttpMethod.POST,
                        "/v1/placements/nope/decisions", GOOD, "application/json", 404,
                        "UNKNOWN_PLACEMENT", null));
    }

    private static List<Case> rewards() {
        return List.of(
                reward("value out of the placement's range",
                        "{\"eventId\":\"pending-1\",\"value\":2}", 400, "REWARD_OUT_OF_RANGE",
                        "value"),
                reward("value out of every range", "{\"eventId\":\"pending-1\",\"value\":-1}",
                        400, "REWARD_OUT_OF_RANGE", "value"),
                reward("value as a string", "{\"eventId\":\"pending-1\",\"value\":\"1\"}",
                        400, "WRONG_TYPE", "value"),
                reward("absurd value", "{\"eventId\":\"pending-1\",\"value\":1e10}", 400,
                        "OUT_OF_RANGE", "value"),
                reward("NaN value", "{\"eventId\":\"pending-1\",\"value\":NaN}", 400,
                        "INVALID_JSON", "value"),
                reward("missing value", "{\"eventId\":\"pending-1\"}", 400, "MISSING_FIELD",
                        "value"),
                reward("missing event id", "{\"value\":1}", 400, "MISSING_FIELD", "eventId"),
                reward("second reward object", "{\"eventId\":\"pending-1\",\"value\":1}"
                        + "{\"eventId\":\"pending-1\",\"value\":0}", 400, "INVALID_JSON", null),
                reward("unknown arm", "{\"eventId\":\"pending-1\",\"value\":1,\"armId\":\"z\"}",
                        404, "UNKNOWN_ARM", "armId"),
                reward("bad arm id", "{\"eventId\":\"pending-1\",\"value\":1,\"armId\":\"\"}",
                        400, "INVALID_ID", "armId"));
    }

    private static List<Case> routes() {
        return List.of(
                new Case("unknown route", HttpMethod.GET, "/nope", null, null, 404,
                        "NOT_FOUND", null),
                new Case("wrong method", HttpMethod.DELETE, REWARDS, null, null, 405,
                        "METHOD_NOT_ALLOWED", null),
                new Case("get on rewards", HttpMethod.GET, REWARDS, null, null, 405,
                        "METHOD_NOT_ALLOWED", null),
                new Case("malformed escape in a user id", HttpMethod.DELETE, "/v1/users/%ZZ",
                        null, null, 400, "INVALID_PATH", "path"),
                new Case("malformed escape in a placement", HttpMethod.GET,
                        "/v1/placements/%ZZ", null, null, 400, "INVALID_PATH", "path"),
                new Case("malformed escape on no route", HttpMethod.GET, "/v1/users/%Z",
                        null, null, 400, "INVALID_PATH", "path"),
                new Case("malformed escape in the query", HttpMethod.DELETE,
                        "/v1/users/a?x=%ZZ", null, null, 400, "INVALID_QUERY", "query"),
                new Case("incomplete UTF-8 in the query", HttpMethod.GET,
                        "/v1/placements/artwork?x=%E0%A4", null, null, 400, "INVALID_QUERY",
                        "query"),
                new Case("incomplete UTF-8 in a user id", HttpMethod.DELETE,
                        "/v1/users/%E0%A4", null, null, 400, "INVALID_PATH", "path"),
                new Case("unknown placement's statistics", HttpMethod.GET,
                        "/v1/placements/nope", null, null, 404, "UNKNOWN_PLACEMENT", null));
    }

    private static Case decision(String name, String body, int status, String code,
            String field) {
        return new Case(name, HttpMethod.POST, DECISIONS, body, "application/json", status,
                code, field);
    }

    private static Case reward(String name, String body, int status, String code,
            String field) {
        return new Case(name, HttpMethod.POST, REWARDS, body, "application/json", status, code,
                field);
    }

    private static String with(String field) {
        return GOOD.replace("{\"context\"", "{" + field + ",\"context\"");
    }

    private static String feature(String value) {
        return GOOD.replace("\"device\":\"tv\"", "\"features\":{\"x\":" + value + "}");
    }

    private static String candidates(String list) {
        return GOOD.replace("[{\"id\":\"a\"},{\"id\":\"b\"}]", "[" + list + "]");
    }
}
