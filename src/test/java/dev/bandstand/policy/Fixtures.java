package dev.bandstand.policy;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders shared by the policy tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    private Fixtures() {
    }

    static Context context(String partOfDay, String device, String activity) {
        return new Context(NOW, ZoneId.of("Europe/Berlin"), 9, partOfDay, "weekday",
                DayOfWeek.MONDAY, device, activity, Map.of());
    }

    static Context context() {
        return context("morning", "phone", "running");
    }

    static List<Arm> arms(int k) {
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            arms.add(Arm.of("arm-" + i));
        }
        return arms;
    }

    /** Arms whose features x0..x(d-1) are the rows of {@code rows}. */
    static List<Arm> vectorArms(double[][] rows) {
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> features = new HashMap<>();
            for (int j = 0; j < rows[i].length; j++) {
                features.put("x" + j, rows[i][j]);
            }
            arms.add(new Arm("arm-" + i, features));
        }
        return arms;
    }

    /** K arms whose feature vectors are the unit vectors of dimension K. */
    static List<Arm> oneHotArms(int k) {
        double[][] rows = new double[k][k];
        for (int i = 0; i < k; i++) {
            rows[i][i] = 1;
        }
        return vectorArms(rows);
    }

    static PlacementSettings placement(PolicySettings policy, List<String> buckets,
            int backoff, Duration halfLife, int dimensions) {
        return new PlacementSettings("artwork", policy, List.of(), Duration.ofMinutes(10),
                null, 0, 1, buckets, backoff, 100, 10, halfLife,
                new FeatureSettings(dimensions, true, List.of(), Map.of()));
    }

    static PlacementSettings placement(String type, Map<String, Double> params) {
        return placement(new PolicySettings(type, params), List.of(), 0, null, 4);
    }
}
