package dev.bandstand.api;

import dev.bandstand.placement.Decision;
import dev.bandstand.placement.ExperimentReport;
import dev.bandstand.placement.Explanation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON shapes of experiment reports, mode counters and decision explanations. */
final class ExperimentViews {

    private ExperimentViews() {
    }

    /** Adds variant, mode and explanations to a decision's JSON when it has them. */
    static JsonObject decorate(JsonObject json, Decision d) {
        if (d.variant() != null) {
            json.put("variant", d.variant());
        }
        if (d.mode() != null) {
            json.put("mode", d.mode());
        }
        if (!d.explanations().isEmpty()) {
            JsonArray out = new JsonArray();
            d.explanations().forEach(e -> out.add(explanation(e)));
            json.put("explanations", out);
        }
        return json;
    }

    static JsonObject report(ExperimentReport r) {
        JsonArray variants = new JsonArray();
        for (ExperimentReport.VariantStats v : r.variants()) {
            variants.add(new JsonObject().put("name", v.name()).put("serves", v.serves())
                    .put("armId", v.armId()).put("share", v.share()).put("holdout", v.holdout())
                    .put("exposures", v.exposures()).put("rewards", v.rewards())
                    .put("mean", v.mean()).put("meanInterval", interval(v.meanInterval()))
                    .put("lift", comparison(v.lift())));
        }
        return new JsonObject().put("placement", r.placement())
                .put("experiment", r.experiment()).put("control", r.control())
                .put("variants", variants)
                .put("improvementOverEqualAllocation", comparison(r.improvement()))
                .put("modes", modes(r.modes()));
    }

    static JsonObject modes(ExperimentReport.Modes m) {
        return new JsonObject()
                .put("best", new JsonObject().put("decisions", m.bestDecisions())
                        .put("rewards", m.bestRewards()).put("mean", m.bestMean()))
                .put("baseline", new JsonObject().put("decisions", m.baselineDecisions())
                        .put("agreed", m.baselineAgreed()).put("agreement", m.agreement()));
    }

    private static JsonObject comparison(ExperimentReport.Comparison c) {
        if (c == null) {
            return null;
        }
        return new JsonObject().put("variant", c.variant()).put("against", c.baseline())
                .put("difference", c.difference()).put("interval", interval(c.interval()))
                .put("pValue", c.pValue());
    }

    private static JsonArray interval(ExperimentReport.Interval i) {
        return i == null ? null : new JsonArray().add(i.low()).add(i.high());
    }

    private static JsonObject explanation(Explanation e) {
        JsonArray contributions = new JsonArray();
        for (Explanation.Contribution c : e.contributions()) {
            contributions.add(new JsonObject().put("feature", c.feature())
                    .put("index", c.index()).put("value", c.value()));
        }
        JsonObject json = new JsonObject().put("armId", e.armId())
                .put("explored", e.explored()).put("mean", e.mean())
                .put("uncertainty", e.uncertainty()).put("count", e.count());
        if (e.bonus() != null) {
            json.put("bonus", e.bonus());
        }
        if (e.bucket() != null) {
            return json.put("bucket", e.bucket());
        }
        return json.put("contributions", contributions).put("rest", e.rest());
    }
}
