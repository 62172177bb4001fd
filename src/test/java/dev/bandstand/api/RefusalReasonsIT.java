package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A refused body says why, and names the field whenever there is one (regression: NaN, a
 * duplicate key, trailing content and deep nesting all read "body is not one valid JSON
 * object" without a field; a bad context feature name named only {@code context.features}
 * and quoted a rule it met; an unpaired surrogate was called a control character).
 */
@ExtendWith(VertxExtension.class)
class RefusalReasonsIT {

    private static final String CONTEXT = "\"context\":{\"timestamp\":\"2024-03-01T07:30:00Z\","
            + "\"timeZone\":\"UTC\"";

    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestSettings.startFixed(vertx, TestSettings.oneUniformPlacement());
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            {"eventId":"x","value":NaN} | INVALID_JSON | value | NaN is not JSON
            {"eventId":"x","value":-Infinity} | INVALID_JSON | value | -Infinity is not JSON
            {"eventId":"x","value":0.5,"value":0.7} | INVALID_JSON | value | key `value`
            {"eventId":"x","value":0.5} {} | INVALID_JSON | - | trailing content
            {"eventId":"x","value":0.5} x | INVALID_JSON | - | trailing content
            {"eventId":"\\ud800","value":0.5} | INVALID_ID | eventId | unpaired surrogate
            {"eventId":"a\\u0001","value":0.5} | INVALID_ID | eventId | control characters
            '{"eventId":"a|b","value":0.5}' | INVALID_ID | eventId | must not contain
            {"eventId":"%s","value":0.5} | INVALID_ID | eventId | at most 128 characters
            {"eventId":"x","value":1e400} | OUT_OF_RANGE | value | a number beyond the range of a
            """)
    void aRefusedRewardSaysWhy(String body, String code, String field, String reason) {
        HttpResponse<Buffer> response = http.post("/v1/rewards",
                body.replace("%s", "e".repeat(129)));

        assertRefused(response, code, field, reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "_user":1 | INVALID_VALUE | context.features._user | start with a letter or digit
            "a b":1 | INVALID_VALUE | context.features.a b | not U+0020 at index 1
            "%s":1 | INVALID_VALUE | context.features.%s | at most 64 characters
            "x":NaN | INVALID_JSON | context.features.x | NaN is not JSON
            "x":1,"x":2 | INVALID_JSON | context.features.x | key `x` in context.features
            """)
    void aRefusedContextFeatureNamesItsKey(String feature, String code, String field,
            String reason) {
        String long65 = "f".repeat(65);

        HttpResponse<Buffer> response = http.post("/v1/placements/artwork/decisions",
                "{" + CONTEXT + ",\"features\":{" + feature.replace("%s", long65) + "}}}");

        assertRefused(response, code, field.replace("%s", long65), reason);
    }

    @Test
    void theMessagesSayWhichCharacterAndWhere() {
        HttpResponse<Buffer> surrogate = http.post("/v1/rewards",
                "{\"eventId\":\"a\\ud800\",\"value\":0.5}");
        HttpResponse<Buffer> control = http.post("/v1/rewards",
                "{\"eventId\":\"a\\u0001\",\"value\":0.5}");

        assertThat(message(surrogate)).isEqualTo("eventId contains an unpaired surrogate"
                + " (U+D800 at index 1): a character outside the Basic Multilingual Plane"
                + " needs both halves of its surrogate pair");
        assertThat(message(control))
                .isEqualTo("eventId must not contain control characters (U+0001 at index 1)");
    }

    @ParameterizedTest(name = "{0} levels")
    @CsvSource({"33", "5000"})
    void nestingTooDeepSaysHowDeepIsAllowed(int levels) {
        String body = "{\"eventId\":\"x\",\"value\":1,\"deep\":" + "[".repeat(levels - 1)
                + "]".repeat(levels - 1) + "}";

        HttpResponse<Buffer> response = http.post("/v1/rewards", body);

        assertRefused(response, "INVALID_JSON", null, "deeper than " + JsonTree.MAX_DEPTH
                + " levels");
    }

    @ParameterizedTest(name = "{0} levels")
    @CsvSource({"32"})
    void nestingAtTheLimitIsReadAndRefusedForItsFieldOnly(int levels) {
        String body = "{\"eventId\":\"x\",\"value\":1,\"deep\":" + "[".repeat(levels - 1)
                + "]".repeat(levels - 1) + "}";

        HttpResponse<Buffer> response = http.post("/v1/rewards", body);

        assertRefused(response, "UNKNOWN_FIELD", "deep", "unknown field deep");
    }

    private static String message(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error").getString("message");
    }

    private static void assertRefused(HttpResponse<Buffer> response, String code,
            String field, String reason) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("message")).contains(reason)
                .doesNotContain("not one valid JSON object");
    }
}
