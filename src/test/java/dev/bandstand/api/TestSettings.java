package dev.bandstand.api;

import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.config.PrivacySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Settings for integration tests: loopback, an ephemeral port, the in-memory store. */
final class TestSettings {

    static final Duration WAIT = Duration.ofMinutes(10);
    static final long MAX_BODY = 1 << 20;

    private TestSettings() {
    }

    static Settings of(PlacementSettings... placements) {
        StoreSettings store = new StoreSettings(null, "bandstand-test", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100, Duration.ofHours(1));
        return new Settings("127.0.0.1", 0, MAX_BODY, store, PartsOfDay.defaults(),
                List.of(placements));
    }

    /**
     * {@code base} with the decision log on in {@code dir} (files of at most 1 MiB, kept 30
     * days, a queue of 1,000 lines) and {@link DecisionLogIT#SECRET} as the user id secret.
     */
    static Settings withDecisionLog(Settings base, Path dir, Rotation rotation) {
        return new Settings(base.host(), base.port(), base.maxBodyBytes(), base.store(),
                base.partsOfDay(), base.placements(),
                new DecisionLogSettings(dir, rotation, 1 << 20, Duration.ofDays(30), 1000),
                new PrivacySettings(DecisionLogIT.SECRET));
    }

    /** One uniform placement, {@code artwork}, without arms: for tests of the HTTP edge. */
    static Settings oneUniformPlacement() {
        return of(placement("artwork", "uniform", Map.of()));
    }

    /**
     * A server with {@code settings}, a clock fixed at 2024-03-01T08:00:00Z and seed 3, for
     * tests that need no other clock; blocks until it listens.
     */
    static Server startFixed(Vertx vertx, Settings settings) {
        return Http.await(Server.start(vertx, settings, ServerOptions.forTests(
                new MutableClock(Instant.parse("2024-03-01T08:00:00Z")), 3)));
    }

    /** A placement with a [0, 1] reward, no default reward, buckets part of day x device. */
    static PlacementSettings placement(String name, String policy, Map<String, Double> params) {
        return new Builder(name, policy, params).build();
    }

    /** Arms a, b, c, ... without features. */
    static List<Arm> arms(int n) {
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arms.add(Arm.of(String.valueOf((char) ('a' + i))));
        }
        return arms;
    }

    /** Placement settings with everything a test may want to change. */
    static final class Builder {
        String name;
        PolicySettings policy;
        List<Arm> arms = List.of();
        Duration rewardWait = WAIT;
        Double defaultReward;
        double rewardMin;
        double rewardMax = 1;
        List<String> buckets = List.of("partOfDay", "device");
        int backoff = 1;
        int maxCandidates = 10;
        int maxCount = 3;
        Duration halfLife;
        FeatureSettings features = new FeatureSettings(
                FeatureSettings.DEFAULT_DIMENSIONS, true, List.of(), Map.of());

        Builder(String name, String policy, Map<String, Double> params) {
            this.name = name;
            this.policy = new PolicySettings(policy, params);
        }

        Builder arms(List<Arm> arms) {
            this.arms = arms;
            return this;
        }

        Builder reward(double min, double max, Double fallback) {
            this.rewardMin = min;
            this.rewardMax = max;
            this.defaultReward = fallback;
            return this;
        }

        Builder features(FeatureSettings features) {
            this.features = features;
            return this;
        }

        Builder halfLife(Duration halfLife) {
            this.halfLife = halfLife;
            return this;
        }

        Builder limits(int maxCandidates, int maxCount) {
            this.maxCandidates = maxCandidates;
            this.maxCount = maxCount;
            return this;
        }

        PlacementSettings build() {
            return new PlacementSettings(name, policy, arms, rewardWait, defaultReward,
                    rewardMin, rewardMax, buckets, backoff, maxCandidates, maxCount, halfLife,
                    features);
        }
    }
}
