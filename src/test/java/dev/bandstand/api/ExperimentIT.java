package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.ExperimentSettings;
import dev.bandstand.config.ExperimentSettings.Serves;
import dev.bandstand.config.ExperimentSettings.Variant;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.cli.Main;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** Experiments, modes and explanations over HTTP on loopback, with two server instances. */
@ExtendWith(VertxExtension.class)
class ExperimentIT {

    private static final String DECISIONS = "/v1/placements/artwork/decisions";

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T08:00:00Z"));
    private Server one;
    private Server two;
    private Http first;
    private Http second;

    private static Settings settings() {
        ExperimentSettings experiment = new ExperimentSettings("artwork-test", List.of(
                new Variant("bandit", 0.5, Serves.POLICY, null),
                new Variant("explore", 0.25, Serves.UNIFORM, null),
                new Variant("champion", 0.25, Serves.FIXED, "a")), "champion",
                Set.of("explore"));
        PlacementSettings base = new TestSettings.Builder("artwork", "thompson", Map.of())
                .arms(TestSettings.arms(3)).limits(10, 1).build();
        PlacementSettings artwork = new PlacementSettings(base.name(), base.policy(),
                base.arms(), base.rewardWait(), base.defaultReward(), base.rewardMin(),
                base.rewardMax(), base.buckets(), base.backoffMinObservations(),
                base.maxCandidates(), base.maxCount(), base.halfLife(), base.features(),
                experiment);
        return TestSettings.of(artwork, TestSettings.placement("plain", "ucb1", Map.of()));
    }

    @BeforeEach
    void start(Vertx vertx) {
        one = Http.await(Server.start(vertx, settings(), ServerOptions.forTests(clock, 1)));
        two = Http.await(Server.start(vertx, settings(), ServerOptions.forTests(clock, 2)));
        first = new Http(vertx, one.port());
        second = new Http(vertx, two.port());
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        Http.await(one.close());
        Http.await(two.close());
    }

    private static JsonObject request(String userId) {
        JsonObject body = new JsonObject().put("context", DecisionsIT.context());
        return userId == null ? body : body.put("userId", userId);
    }

    @Test
    void sameUserGetsTheSameVariantFromTwoServers() {
        for (int u = 0; u < 40; u++) {
            JsonObject a = first.post(DECISIONS, request("user-" + u)).bodyAsJsonObject();
            JsonObject b = second.post(DECISIONS, request("user-" + u)).bodyAsJsonObject();

            assertThat(a.getString("variant")).isNotNull().isEqualTo(b.getString("variant"));
            if (a.getString("variant").equals("champion")) {
                JsonObject choice = a.getJsonArray("choices").getJsonObject(0);
                assertThat(choice.getString("armId")).isEqualTo("a");
                assertThat(choice.getDouble("probability")).isEqualTo(1.0);
            }
        }
    }

    @Test
    void reportCountsExposuresAndRewardsPerVariant() {
        int rewarded = 0;
        for (int u = 0; u < 60; u++) {
            JsonObject d = first.post(DECISIONS, request("user-" + u)).bodyAsJsonObject();
            HttpResponse<Buffer> r = first.post("/v1/rewards",
                    new JsonObject().put("eventId", d.getString("eventId")).put("value", 1));
            assertThat(r.statusCode()).isEqualTo(202);
            rewarded++;
        }

        HttpResponse<Buffer> response = first.get("/v1/placements/artwork/experiment");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject report = response.bodyAsJsonObject();
        assertThat(report.getString("experiment")).isEqualTo("artwork-test");
        assertThat(report.getString("control")).isEqualTo("champion");
        JsonArray variants = report.getJsonArray("variants");
        long exposures = 0;
        long rewards = 0;
        for (int i = 0; i < variants.size(); i++) {
            exposures += variants.getJsonObject(i).getLong("exposures");
            rewards += variants.getJsonObject(i).getLong("rewards");
        }
        assertThat(exposures).isEqualTo(60);
        assertThat(rewards).isEqualTo(rewarded);
        assertThat(variants.getJsonObject(1).getBoolean("holdout")).isTrue();
        assertThat(report.getJsonObject("improvementOverEqualAllocation")
                .getString("against")).isEqualTo("explore");
    }

    @Test
    void reportCommandPrintsTheRunningServersReport() {
        first.post(DECISIONS, request("user-1"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("report", "--url", "http://127.0.0.1:" + one.port(),
                "--placement", "artwork");
        int missing = cli.execute("report", "--url", "http://127.0.0.1:" + one.port(),
                "--placement", "plain");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("experiment artwork-test on placement artwork")
                .contains("champion").contains("explore").contains("bandit");
        assertThat(missing).isEqualTo(1);
        assertThat(err.toString()).contains("404");
    }

    @Test
    void retiringTheArmAFixedVariantServesIsRefusedAndChangesNothing() {
        HttpResponse<Buffer> refused = first.send(HttpMethod.DELETE,
                "/v1/placements/artwork/arms/a");
        HttpResponse<Buffer> other = first.send(HttpMethod.DELETE,
                "/v1/placements/artwork/arms/b");

        DecisionsIT.assertError(refused, 409, "ARM_IN_EXPERIMENT", "armId");
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("variant champion");
        assertThat(other.statusCode()).isEqualTo(204);
        for (int u = 0; u < 20; u++) {
            assertThat(first.post(DECISIONS, request("user-" + u)).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void placementWithoutExperimentAnswers404() {
        HttpResponse<Buffer> response = first.get("/v1/placements/plain/experiment");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("NO_EXPERIMENT");
    }

    @Test
    void bestModeIsMarkedInTheAnswerAndCountedInThePlacementsModes() {
        JsonObject d = first.post(DECISIONS, request("u").put("mode", "best").put("explain",
                true)).bodyAsJsonObject();

        assertThat(d.getString("mode")).isEqualTo("best");
        assertThat(d.containsKey("variant")).isFalse();
        assertThat(d.getBoolean("explored")).isFalse();
        JsonObject explanation = d.getJsonArray("explanations").getJsonObject(0);
        assertThat(explanation.getString("bucket")).isNotNull();
        JsonObject modes = first.get("/v1/placements/artwork").bodyAsJsonObject()
                .getJsonObject("modes");
        assertThat(modes.getJsonObject("best").getLong("decisions")).isEqualTo(1);
    }

    @Test
    void anExplicitPolicyModeIsTheDefaultAndPartOfTheExperiment() {
        for (int u = 0; u < 20; u++) {
            JsonObject plain = first.post(DECISIONS, request("user-" + u)).bodyAsJsonObject();
            JsonObject policy = first.post(DECISIONS, request("user-" + u).put("mode",
                    "policy")).bodyAsJsonObject();

            assertThat(policy.getString("variant")).isNotNull()
                    .isEqualTo(plain.getString("variant"));
            assertThat(policy.containsKey("mode")).isFalse();
        }
        JsonObject baseline = first.post(DECISIONS, request("user-0").put("mode",
                "baseline")).bodyAsJsonObject();
        assertThat(baseline.containsKey("variant")).isFalse();
    }

    @Test
    void unknownModeAndNonBooleanExplainAreRefused() {
        HttpResponse<Buffer> mode = first.post(DECISIONS, request("u").put("mode", "greedy"));
        HttpResponse<Buffer> explain = first.post(DECISIONS, request("u").put("explain", 1));

        assertThat(mode.statusCode()).isEqualTo(400);
        assertThat(mode.bodyAsJsonObject().getJsonObject("error").getString("field"))
                .isEqualTo("mode");
        assertThat(explain.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("WRONG_TYPE");
    }
}
