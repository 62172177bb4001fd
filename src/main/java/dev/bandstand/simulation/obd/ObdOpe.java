package dev.bandstand.simulation.obd;

import dev.bandstand.simulation.estimators.BucketMeanFit;
import dev.bandstand.simulation.estimators.BucketMeanRewardModel;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.estimators.OffPolicyEvaluator;
import dev.bandstand.simulation.estimators.RewardModelFit;
import dev.bandstand.simulation.estimators.Round;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The {@code obd-ope} scenario: the standard check of off-policy estimators on the Open
 * Bandit Dataset (Saito et al. 2020, section 5). Each campaign was logged by two policies at
 * the same time, uniform random and Bernoulli Thompson sampling (bts); so each policy's click
 * rate is known on-policy from its own log and can be estimated off-policy from the other's.
 *
 * <p>Direction "bts from random": the target is bts, whose probability of item i in slot k
 * is {@link BtsSlotDistribution} simulated from {@code prior_bts.yaml}; the rounds are the
 * random log's rows with their logged propensities (1 / items). Direction "random from bts":
 * the target is uniform (1 / items in every slot); the rounds are the bts log's rows with
 * their logged propensities. Each row is a round whose actions are the campaign's items in
 * the row's slot, whose reward is the click. The direct method's model is a {@link
 * BucketMeanRewardModel} fitted on the log being read, bucketed by slot and the chosen user
 * features, and refitted on every bootstrap resample. The truth of a direction is the
 * target's on-policy click rate, the mean click of its own log; the relative error is
 * {@code |estimate - truth| / truth}.
 *
 * <p>Limitations: both logs are 8,000-row samples with tens of clicks, so the truths carry
 * sampling error of their own (a binomial standard error of about 12-17% of the rate), as do
 * the estimates; one run's relative errors are noisy and the paper's averages over many
 * bootstrap samples of the full data are only a rough reference.
 *
 * <p>Stateless; a run blocks its caller (bootstrap and simulation).
 */
public final class ObdOpe {

    /** The per (slot, item) mean reward model. */
    public static final String BUCKET = "bucket";
    /** The logistic-regression reward model. */
    public static final String LOGISTIC = "logistic";
    /** Default L2 penalty of the logistic model. */
    public static final double DEFAULT_LAMBDA = 1.0;
    /** The folder of the uniform-random log. */
    static final String RANDOM = "random";

    /**
     * Knobs of a run.
     *
     * @param estimators bootstrap size, seed, clipping cap and threads
     * @param draws simulated bts rankings for the target distribution
     * @param priorStrength shrinkage strength of the direct method's model, in observations
     * @param bucketUserFeatures indices of the user features that key the model's buckets,
     *     besides the slot; may be empty
     * @param model the direct method's reward model: {@code bucket} (per slot and item mean,
     *     shrunk) or {@code logistic} (logistic regression on user and item features, see
     *     {@code ObdFeatures})
     * @param lambda the logistic model's L2 penalty, {@code >= 0}
     */
    public record Settings(EstimatorSettings estimators, int draws, double priorStrength,
            List<Integer> bucketUserFeatures, String model, double lambda) {

        /** Copies the list; checks the numbers and the model's name. */
        public Settings {
            Objects.requireNonNull(estimators, "estimators");
            bucketUserFeatures = List.copyOf(bucketUserFeatures);
            if (draws < 1) {
                throw new IllegalArgumentException("draws must be >= 1: " + draws);
            }
            if (!BUCKET.equals(model) && !LOGISTIC.equals(model)) {
                throw new IllegalArgumentException("model must be bucket or logistic: " + model);
            }
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda must be finite and >= 0: " + lambda);
            }
        }

        /** The bucket model, as before the logistic one existed. */
        public Settings(EstimatorSettings estimators, int draws, double priorStrength,
                List<Integer> bucketUserFeatures) {
            this(estimators, draws, priorStrength, bucketUserFeatures, BUCKET, DEFAULT_LAMBDA);
        }

        /** The same with another reward model. */
        public Settings withModel(String m) {
            return new Settings(estimators, draws, priorStrength, bucketUserFeatures, m, lambda);
        }

        /** Defaults: estimator defaults, 100,000 draws, prior strength 10, slot buckets. */
        public static Settings defaults() {
            return new Settings(EstimatorSettings.defaults(), 100_000,
                    BucketMeanRewardModel.DEFAULT_PRIOR_STRENGTH, List.of());
        }
    }

    /**
     * One direction of the check.
     *
     * @param logging the policy whose log was read
     * @param target the policy whose click rate was estimated
     * @param truth the target's on-policy click rate (mean click of its own log)
     * @param truthRounds rows of the target's own log
     * @param estimates one estimate per estimator
     */
    public record Direction(String logging, String target, double truth, int truthRounds,
            List<Estimate> estimates) {

        /** Copies the list. */
        public Direction {
            estimates = List.copyOf(estimates);
        }

        /** {@code |estimate - truth| / truth}; NaN when the estimate is unavailable. */
        public double relativeError(Estimate e) {
            return e.available() ? Math.abs(e.value() - truth) / truth : Double.NaN;
        }
    }

    /**
     * A campaign's result.
     *
     * @param campaign the campaign
     * @param btsFromRandom bts's click rate estimated from the random log, bts's
     *     distribution simulated from {@code prior_bts.yaml}
     * @param btsLoggedFromRandom the same with bts's distribution taken as the bts log's
     *     own slot frequencies (count of item i in slot k over the rows of slot k), which
     *     average whatever the logging policy really did over the week
     * @param randomFromBts the random policy's click rate estimated from the bts log
     * @param propensityGap mean absolute difference between the simulated bts probabilities
     *     and the bts log's own propensities, over the bts log's rows: how well the
     *     simulation reproduces the logging system's numbers
     */
    public record Result(String campaign, Direction btsFromRandom,
            Direction btsLoggedFromRandom, Direction randomFromBts, double propensityGap) {
    }

    private ObdOpe() {
    }

    /**
     * Reads {@code <root>/random/<campaign>}, {@code <root>/bts/<campaign>} and
     * {@code <root>/prior_bts.yaml} and runs both directions.
     */
    public static Result run(Path root, String campaign, Settings settings) throws IOException {
        ObdReader reader = new ObdReader();
        ObdLog random = reader.read(root, RANDOM, campaign);
        ObdLog bts = reader.read(root, "bts", campaign);
        BtsPrior prior = BtsPrior.read(root.resolve("prior_bts.yaml"), campaign);
        if (prior.items() != random.itemCount()) {
            throw new IllegalArgumentException("prior_bts.yaml has " + prior.items()
                    + " items for " + campaign + ", the logs " + random.itemCount());
        }
        int slots = Math.max(random.positions(), bts.positions());
        BtsSlotDistribution policy = BtsSlotDistribution.simulate(prior, slots,
                settings.draws(), settings.estimators().seed());
        return run(random, bts, policy, settings);
    }

    /** Runs both directions on logs already read. */
    public static Result run(ObdLog random, ObdLog bts, BtsSlotDistribution btsPolicy,
            Settings settings) {
        if (random.itemCount() != bts.itemCount()) {
            throw new IllegalArgumentException("the logs have different item counts: "
                    + random.itemCount() + ", " + bts.itemCount());
        }
        OffPolicyEvaluator evaluator = new OffPolicyEvaluator(settings.estimators());
        int items = random.itemCount();
        double[] uniform = new double[items];
        java.util.Arrays.fill(uniform, 1.0 / items);

        List<Round> fromRandom = rounds(random, btsPolicy::slot, settings);
        BtsSlotDistribution logged = slotFrequencies(bts);
        List<Round> fromRandomLogged = rounds(random, logged::slot, settings);
        List<Round> fromBts = rounds(bts, k -> uniform, settings);
        RewardModelFit randomModel = fit(random, settings);
        RewardModelFit btsModel = fit(bts, settings);
        Direction d1 = new Direction(random.policy(), bts.policy() + " (prior)",
                bts.clickRate(), bts.impressions().size(),
                evaluator.evaluateAll(fromRandom, randomModel));
        Direction d2 = new Direction(random.policy(), bts.policy() + " (logged frequencies)",
                bts.clickRate(), bts.impressions().size(),
                evaluator.evaluateAll(fromRandomLogged, randomModel));
        Direction d3 = new Direction(bts.policy(), random.policy(), random.clickRate(),
                random.impressions().size(), evaluator.evaluateAll(fromBts, btsModel));
        return new Result(random.campaign(), d1, d2, d3, propensityGap(bts, btsPolicy));
    }

    /** The share of each item among a log's rows of each slot. */
    static BtsSlotDistribution slotFrequencies(ObdLog log) {
        double[][] counts = new double[log.positions()][log.itemCount()];
        double[] rows = new double[log.positions()];
        for (ObdImpression row : log.impressions()) {
            counts[row.position() - 1][row.item()]++;
            rows[row.position() - 1]++;
        }
        for (int k = 0; k < counts.length; k++) {
            for (int i = 0; i < counts[k].length; i++) {
                counts[k][i] = rows[k] == 0 ? 0 : counts[k][i] / rows[k];
            }
        }
        return BtsSlotDistribution.of(counts);
    }

    /** The rounds of a log for a target given per slot, with the direct method's model. */
    static List<Round> rounds(ObdLog log, IntFunction<double[]> targetBySlot,
            Settings settings) {
        BucketMeanRewardModel.Builder fit = BucketMeanRewardModel.builder(
                settings.priorStrength());
        for (ObdImpression row : log.impressions()) {
            fit.add(bucket(row, settings), Integer.toString(row.item()), row.click());
        }
        BucketMeanRewardModel model = fit.build();
        List<String> itemIds = new ArrayList<>();
        for (int i = 0; i < log.itemCount(); i++) {
            itemIds.add(Integer.toString(i));
        }

        // the uniform-random log can show every item in every slot; the bts log holds only
        // the shown item's propensity, so its support is unknown
        double unsupported = RANDOM.equals(log.policy()) ? 0 : Double.NaN;
        Map<Integer, double[]> targets = new HashMap<>();
        Map<String, double[]> predictions = new HashMap<>();
        List<Round> rounds = new ArrayList<>(log.impressions().size());
        for (ObdImpression row : log.impressions()) {
            double[] target = targets.computeIfAbsent(row.position(), targetBySlot::apply);
            double[] predicted = predictions.computeIfAbsent(bucket(row, settings),
                    b -> model.predictAll(b, itemIds));
            rounds.add(Round.withDistribution(row.item(), row.propensity(), row.click(),
                    target, predicted).withUnsupported(unsupported));
        }
        return rounds;
    }

    /**
     * The direct method's model of a log as a fit the bootstrap refits on each resample: the
     * bucket model with the buckets and prior strength of the predictions {@link #rounds}
     * attaches, or the logistic model.
     */
    static RewardModelFit fit(ObdLog log, Settings settings) {
        if (LOGISTIC.equals(settings.model())) {
            return ObdFeatures.fit(log, settings.lambda());
        }
        List<String> itemIds = new ArrayList<>();
        for (int i = 0; i < log.itemCount(); i++) {
            itemIds.add(Integer.toString(i));
        }
        int n = log.impressions().size();
        List<String> buckets = new ArrayList<>(n);
        int[] chosen = new int[n];
        double[] clicks = new double[n];
        for (int t = 0; t < n; t++) {
            ObdImpression row = log.impressions().get(t);
            buckets.add(bucket(row, settings));
            chosen[t] = row.item();
            clicks[t] = row.click();
        }
        return BucketMeanFit.of(settings.priorStrength(), buckets,
                Collections.nCopies(n, itemIds), chosen, clicks);
    }

    private static String bucket(ObdImpression row, Settings settings) {
        StringBuilder b = new StringBuilder("slot=").append(row.position());
        for (int k : settings.bucketUserFeatures()) {
            b.append("/u").append(k).append('=').append(row.userFeatures().get(k));
        }
        return b.toString();
    }

    private static double propensityGap(ObdLog bts, BtsSlotDistribution policy) {
        double sum = 0;
        for (ObdImpression row : bts.impressions()) {
            sum += Math.abs(policy.slot(row.position())[row.item()] - row.propensity());
        }
        return bts.impressions().isEmpty() ? Double.NaN : sum / bts.impressions().size();
    }
}
