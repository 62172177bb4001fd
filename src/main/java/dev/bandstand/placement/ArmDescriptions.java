package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import dev.bandstand.policy.ArmPrior;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an added arm is described to the store, so that every instance can rebuild it:
 * {@code {"features": {...}, "prior": {"mean": m, "weight": w}}} with the prior's mean on
 * the normalised scale, {@code prior} absent without one. Stateless.
 */
final class ArmDescriptions {

    /** An arm rebuilt from its description, with its prior or null. */
    record Described(Arm arm, ArmPrior prior) {
    }

    private ArmDescriptions() {
    }

    static String encode(Arm arm, ArmPrior prior) {
        JsonObject out = new JsonObject().put("features", new JsonObject(arm.features()));
        if (prior != null) {
            out.put("prior", new JsonObject().put("mean", prior.mean())
                    .put("weight", prior.weight()));
        }
        return out.encode();
    }

    /**
     * The arm a description names; numbers come back as {@link Double} and tags as strings,
     * the types {@link Arm} allows.
     */
    static Described decode(String armId, String description) {
        JsonObject json = new JsonObject(description);
        Map<String, Object> features = new LinkedHashMap<>();
        JsonObject given = json.getJsonObject("features", new JsonObject());
        for (String name : given.fieldNames()) {
            Object v = given.getValue(name);
            if (v instanceof Number number) {
                v = number.doubleValue();
            } else if (v instanceof JsonArray tags) {
                List<String> list = new ArrayList<>();
                tags.forEach(t -> list.add(String.valueOf(t)));
                v = List.copyOf(list);
            }
            features.put(name, v);
        }
        JsonObject prior = json.getJsonObject("prior");
        return new Described(new Arm(armId, features), prior == null ? null
                : new ArmPrior(prior.getDouble("mean"), prior.getDouble("weight")));
    }
}
