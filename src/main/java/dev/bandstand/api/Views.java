package dev.bandstand.api;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.placement.Decision;
import dev.bandstand.placement.ArmChanges;
import dev.bandstand.placement.PlacementReport;
import dev.bandstand.placement.RewardReceipt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeMap;

/** The JSON shapes of the API's answers. Pure functions; thread-safe. */
final class Views {

    private Views() {
    }

    static JsonObject decision(Decision d) {
        JsonArray choices = new JsonArray();
        for (Decision.Choice c : d.choices()) {
            choices.add(new JsonObject().put("armId", c.armId())
                    .put("probability", c.probability()));
        }
        JsonObject json = new JsonObject()
                .put("eventId", d.eventId())
                .put("choices", choices)
                .put("modelVersion", d.modelVersion())
                .put("explored", d.explored());
        if (!d.recorded()) {
            json.put("recorded", false);
        }
        return ExperimentViews.decorate(json, d);
    }

    static JsonObject receipt(RewardReceipt r) {
        return new JsonObject()
                .put("eventId", r.eventId())
                .put("armId", r.armId())
                .put("status", "accepted");
    }

    static JsonObject placements(List<PlacementSettings> all) {
        JsonArray list = new JsonArray();
        for (PlacementSettings p : all) {
            list.add(new JsonObject().put("name", p.name()).put("policy", p.policy().type()));
        }
        return new JsonObject().put("placements", list);
    }

    /**
     * The placement's configuration, its arms as they are now (configured and added, and
     * those retired) and its statistics.
     */
    static JsonObject placement(PlacementSettings p, ArmChanges.Current current,
            PlacementReport report) {
        JsonArray arms = new JsonArray(current.active());
        JsonObject params = new JsonObject();
        // a whole number (draws, dimensions) as written in the configuration, not as 1000.0
        new TreeMap<>(p.policy().params()).forEach((name, v) -> params.put(name,
                v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) v.longValue() : v));
        JsonObject policy = new JsonObject().put("type", p.policy().type())
                .put("params", params);
        JsonObject json = new JsonObject()
                .put("name", p.name())
                .put("policy", policy)
                .put("arms", arms)
                .put("retiredArms", new JsonArray(current.retired()))
                .put("rewardWait", p.rewardWait().toString())
                .put("defaultReward", p.defaultReward())
                .put("rewardMin", p.rewardMin())
                .put("rewardMax", p.rewardMax())
                .put("buckets", new JsonArray(p.buckets()))
                .put("maxCandidates", p.maxCandidates())
                .put("maxCount", p.maxCount())
                .put("halfLife", p.halfLife() == null ? null : p.halfLife().toString())
                .put("version", report.version())
                .put("modelVersion", report.modelVersion());
        if (report.linear() != null) {
            return json.put("linear", linear(report.linear()));
        }
        JsonArray buckets = new JsonArray();
        for (PlacementReport.BucketStats b : report.buckets()) {
            buckets.add(new JsonObject().put("bucket", b.bucket()).put("arms", arms(b.arms())));
        }
        return json.put("statistics", arms(report.arms())).put("bucketStatistics", buckets);
    }

    /**
     * {@code {"status", "store": {"type", "status"}, "decisionLog": {"status"}}}: degraded
     * while the store is down or the decision log fails to write.
     *
     * @param decisionLog {@code up} or {@code failing}; null when the log is off, which
     *     leaves {@code decisionLog} out
     */
    static JsonObject health(boolean storeUp, String storeType, String decisionLog) {
        boolean up = storeUp && !"failing".equals(decisionLog);
        JsonObject health = new JsonObject().put("status", up ? "up" : "degraded")
                .put("store", new JsonObject().put("type", storeType)
                        .put("status", storeUp ? "up" : "degraded"));
        if (decisionLog != null) {
            health.put("decisionLog", new JsonObject().put("status", decisionLog));
        }
        return health;
    }

    private static JsonArray arms(List<PlacementReport.ArmStats> stats) {
        JsonArray out = new JsonArray();
        for (PlacementReport.ArmStats a : stats) {
            out.add(new JsonObject().put("armId", a.armId()).put("count", a.count())
                    .put("mean", a.mean()).put("pending", a.pending()));
        }
        return out;
    }

    private static JsonObject linear(PlacementReport.LinearStats l) {
        JsonArray theta = new JsonArray();
        for (PlacementReport.Weight w : l.theta()) {
            theta.add(new JsonObject().put("index", w.index()).put("value", w.value())
                    .put("feature", w.feature()));
        }
        // JSON has no infinity or NaN: a matrix made dominant or not finite reads null
        Double jitter = Double.isFinite(l.jitter()) ? l.jitter() : null;
        return new JsonObject().put("dimensions", l.dimensions()).put("rewards", l.rewards())
                .put("pending", l.pending()).put("lambda", l.lambda()).put("theta", theta)
                .put("jitter", jitter).put("warning", l.warning());
    }
}
