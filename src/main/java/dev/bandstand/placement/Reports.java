package dev.bandstand.placement;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.policy.Ridge;
import dev.bandstand.store.StatsSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds a {@link PlacementReport} from a store snapshot, as the {@code StatsFields} name it. */
final class Reports {

    /** Most coefficients a linear report lists. */
    static final int TOP_WEIGHTS = 10;

    private Reports() {
    }

    /**
     * The report of {@code snapshot} as read at {@code now}: weighted sums are multiplied by
     * the placement's forgetting factor, so that counts and coefficients are what the policy
     * uses, not raw weights relative to the forgetting epoch.
     */
    static PlacementReport of(Placement placement, StatsSnapshot snapshot, Instant now) {
        PlacementSettings settings = placement.settings();
        Map<String, Double> sums = placement.forgotten(snapshot.sums(), now);
        if (settings.policy().linear()) {
            return new PlacementReport(settings.name(), snapshot.version(), placement.version(),
                    List.of(), List.of(), linear(placement, sums));
        }

        // bucket -> arm -> {n, s, p}; field names are kind|bucket|arm, arm ids have no '|'
        Map<String, Map<String, double[]>> table = new TreeMap<>();
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            String field = e.getKey();
            int first = field.indexOf('|');
            int last = field.lastIndexOf('|');
            int kind = "nsp".indexOf(field.charAt(0));
            if (first != 1 || last == first || kind < 0) {
                continue;
            }
            table.computeIfAbsent(field.substring(first + 1, last), b -> new TreeMap<>())
                    .computeIfAbsent(field.substring(last + 1), a -> new double[3])[kind] +=
                    e.getValue();
        }

        List<PlacementReport.ArmStats> global = arms(settings, table.remove(""), true);
        List<PlacementReport.BucketStats> buckets = new ArrayList<>();
        table.forEach((bucket, arms) -> buckets.add(
                new PlacementReport.BucketStats(bucket, arms(settings, arms, false))));
        return new PlacementReport(settings.name(), snapshot.version(), placement.version(),
                global, buckets, null);
    }

    /** The arms with statistics, the placement's fixed arms first when {@code fixedToo}. */
    private static List<PlacementReport.ArmStats> arms(
            PlacementSettings settings, Map<String, double[]> sums, boolean fixedToo) {
        Set<String> ids = new LinkedHashSet<>();
        if (fixedToo) {
            settings.arms().stream().map(Arm::id).forEach(ids::add);
        }
        if (sums != null) {
            ids.addAll(sums.keySet());
        }
        List<PlacementReport.ArmStats> out = new ArrayList<>();
        for (String id : ids) {
            double[] nsp = sums == null ? null : sums.get(id);
            double n = nsp == null ? 0 : nsp[0];
            Double mean = n > 0 ? settings.denormalise(nsp[1] / n) : null;
            out.add(new PlacementReport.ArmStats(id, n, mean, nsp == null ? 0 : nsp[2]));
        }
        return out;
    }

    private static PlacementReport.LinearStats linear(Placement placement,
            Map<String, Double> sums) {
        PlacementSettings settings = placement.settings();
        int d = settings.features().dimensions();
        double lambda = settings.policy().param("lambda", 1.0);

        // TODO(scale): a placement with thousands of dimensions would solve on the event loop
        Ridge.Estimate estimate = Ridge.estimate(sums, d, lambda);
        double[] theta = estimate.theta();

        List<PlacementReport.Weight> weights = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            String feature = placement.encoder() == null ? "" : placement.encoder().describe(i);
            weights.add(new PlacementReport.Weight(i, theta[i], feature));
        }
        weights.sort(Comparator.comparingDouble((PlacementReport.Weight w) -> -Math.abs(w.value()))
                .thenComparingInt(PlacementReport.Weight::index));
        return new PlacementReport.LinearStats(d, sums.getOrDefault("n", 0.0),
                sums.getOrDefault("p", 0.0), lambda,
                weights.subList(0, Math.min(TOP_WEIGHTS, d)), estimate.jitter(),
                warning(estimate));
    }

    /** What a degraded estimate means for a reader, or null when it is sound. */
    private static String warning(Ridge.Estimate estimate) {
        if (!estimate.degraded()) {
            return null;
        }
        if (Double.isNaN(estimate.jitter())) {
            return "the statistics are not finite: theta is the prior's, 0; reset the"
                    + " placement's statistics";
        }
        return "the statistics are not numerically positive definite (feature values far"
                + " beyond the bound, or sums an older build wrote): theta comes from the ridge"
                + " matrix with its diagonal raised by a relative " + (estimate.jitter()
                        == Ridge.DOMINANT ? "amount that makes it diagonally dominant"
                        : estimate.jitter()) + "; reset the placement's statistics if it lasts";
    }
}
