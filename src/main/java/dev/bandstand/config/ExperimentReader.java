package dev.bandstand.config;

import dev.bandstand.context.Arm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks a placement's {@code experiment} mapping. */
final class ExperimentReader {

    /** Experiment and variant names: safe in statistics field names. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,63}");

    /** Shares must sum to 1 within this. */
    static final double SHARE_TOLERANCE = 1e-9;

    private static final Set<String> KEYS = Set.of("name", "variants", "control", "holdout");
    private static final Set<String> VARIANT_KEYS = Set.of("name", "share", "serves", "fixed");

    private ExperimentReader() {
    }

    /**
     * The experiment under {@code node}, or null when absent or {@code none}.
     *
     * @param arms the placement's fixed arms; a fixed variant must name one of them unless
     *     there are none
     * @throws ConfigException naming the offending key
     */
    static ExperimentSettings read(YamlNode node, List<Arm> arms) {
        if (node.absentOrNone()) {
            return null;
        }
        node.allowOnly(KEYS);
        String name = name(node.child("name"));

        List<ExperimentSettings.Variant> variants = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        double total = 0;
        for (YamlNode item : node.child("variants").items()) {
            ExperimentSettings.Variant v = variant(item, arms);
            if (!names.add(v.name())) {
                throw item.child("name").fail("duplicate variant name '" + v.name() + "'");
            }
            variants.add(v);
            total += v.share();
        }
        if (variants.size() < 2) {
            throw node.child("variants").fail("an experiment needs at least two variants, got "
                    + variants.size());
        }
        if (Math.abs(total - 1) > SHARE_TOLERANCE) {
            throw node.child("variants").fail("shares must sum to 1, got " + total);
        }

        YamlNode controlNode = node.child("control");
        String control = controlNode.text(null);
        if (control == null) {
            throw controlNode.fail("missing; name the variant lifts are measured against");
        }
        if (!names.contains(control)) {
            throw controlNode.fail("must be one of the variants " + names + ", was '"
                    + control + "'");
        }
        List<String> holdout = node.child("holdout").strings(List.of());
        for (int i = 0; i < holdout.size(); i++) {
            if (!names.contains(holdout.get(i))) {
                YamlNode entry = new YamlNode(node.child("holdout").key() + "[" + i + "]", null);
                throw entry.fail("must be one of the variants " + names + ", was '"
                        + holdout.get(i) + "'");
            }
        }
        return new ExperimentSettings(name, variants, control, new LinkedHashSet<>(holdout));
    }

    private static ExperimentSettings.Variant variant(YamlNode item, List<Arm> arms) {
        item.allowOnly(VARIANT_KEYS);
        String name = name(item.child("name"));
        YamlNode shareNode = item.child("share");
        if (!shareNode.present()) {
            throw shareNode.fail("missing; a share of traffic in (0, 1]");
        }
        double share = shareNode.number(Double.NaN);
        if (!(share > 0 && share <= 1)) {
            throw shareNode.fail("must be in (0, 1], was " + shareNode.text(""));
        }

        YamlNode serves = item.child("serves");
        YamlNode fixed = item.child("fixed");
        if (serves.present() == fixed.present()) {
            throw item.fail("give exactly one of serves (policy or uniform) and fixed (an arm"
                    + " id)");
        }
        if (fixed.present()) {
            String arm = fixed.text(null);
            if (arm == null || !PlacementReader.ID.matcher(arm).matches()) {
                throw fixed.fail("must be an arm id, was '" + fixed.text("") + "'");
            }
            if (!arms.isEmpty() && arms.stream().noneMatch(a -> a.id().equals(arm))) {
                throw fixed.fail("must be one of the placement's arms, was '" + arm + "'");
            }
            return new ExperimentSettings.Variant(name, share,
                    ExperimentSettings.Serves.FIXED, arm);
        }
        String what = serves.text("");
        ExperimentSettings.Serves kind = switch (what) {
            case "policy" -> ExperimentSettings.Serves.POLICY;
            case "uniform" -> ExperimentSettings.Serves.UNIFORM;
            default -> throw serves.fail("must be policy or uniform (or use fixed: <armId>),"
                    + " was '" + what + "'");
        };
        return new ExperimentSettings.Variant(name, share, kind, null);
    }

    private static String name(YamlNode node) {
        String name = node.text(null);
        if (name == null) {
            throw node.fail("missing");
        }
        if (!NAME.matcher(name).matches()) {
            throw node.fail("names are 1-64 of A-Z a-z 0-9 . _ ~ -, starting with a letter or"
                    + " digit, was '" + name + "'");
        }
        return name;
    }
}
