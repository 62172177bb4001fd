package dev.bandstand.simulation.evaluation;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.Update;
import dev.bandstand.simulation.estimators.BucketMeanFit;
import dev.bandstand.simulation.estimators.BucketMeanRewardModel;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.estimators.OffPolicyEvaluator;
import dev.bandstand.simulation.estimators.ReplaySampler;
import dev.bandstand.simulation.estimators.RewardModelFit;
import dev.bandstand.simulation.estimators.Round;
import dev.bandstand.simulation.log.LoggedDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Off-policy evaluation of a candidate policy on a decision log, through the same
 * {@link Policy} and {@link Model} code the service runs.
 *
 * <p>The log's rewarded decisions are replayed in order. For each one the candidate's model
 * gives its estimates for the logged context and candidates, the policy turns them into
 * probabilities (the target distribution), and replay's rejection rule ({@link
 * ReplaySampler}) decides whether the round is accepted. The model learns the logged reward
 * only from accepted rounds: those are the rounds the candidate would have seen had it been
 * running (Li et al. 2011), so an adaptive policy is evaluated on the history it would have
 * had, and its probabilities at round t depend on earlier rounds only. Then every estimator
 * of {@link dev.bandstand.simulation.estimators.Estimator} runs on the rounds; the direct
 * method's model is a {@link BucketMeanRewardModel} over the given context attributes,
 * refitted on every bootstrap resample.
 *
 * <p>Each round carries the log's probability of every candidate, so the estimates report
 * how much of the candidate's probability falls on candidates the logging policy could not
 * choose (a deterministic logger, such as an experiment's {@code fixed} variant, logs 1 for
 * its arm and 0 for the others): see {@link Estimate.Status#PARTIAL_SUPPORT}.
 *
 * <p>Decisions without a reward are skipped and counted. Randomised policies draw from a
 * generator seeded with {@link EstimatorSettings#seed()}, so a run is reproducible.
 *
 * <p>Limitations: the estimators' bootstrap treats rounds as independent, which an adaptive
 * policy is not. Slates (CCB lines) are evaluated by {@link SlateEvaluation}.
 *
 * <p>Not thread-safe (the model is mutated); blocks its caller.
 */
public final class LogEvaluation {

    /**
     * The policy under evaluation with a fresh model it learns into.
     *
     * @param name how the candidate is shown, such as {@code epsilon-greedy:epsilon=0.1}
     * @param policy the decision rule
     * @param model an empty (or pre-loaded) model; the evaluation mutates it
     */
    public record Candidate(String name, Policy policy, Model model) {

        /** Checks for nulls. */
        public Candidate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * What came out.
     *
     * @param candidate the candidate's name
     * @param decisions decisions in the log
     * @param unrewarded decisions skipped for having no reward
     * @param learned rounds the candidate's model learned from (the accepted ones)
     * @param estimates one estimate per estimator
     */
    public record Result(String candidate, int decisions, int unrewarded, int learned,
            List<Estimate> estimates) {

        /** Copies the list. */
        public Result {
            estimates = List.copyOf(estimates);
        }
    }

    private LogEvaluation() {
    }

    /**
     * Evaluates {@code candidate} on {@code log}.
     *
     * @param bucketAttributes context attributes (see {@link Context#attribute(String)}) that
     *     key the direct method's reward model, such as {@code partOfDay} and {@code device}
     * @param priorStrength shrinkage strength of that model, in observations
     * @throws IllegalStateException when the policy returns an invalid distribution
     */
    public static Result evaluate(List<LoggedDecision> log, Candidate candidate,
            EstimatorSettings settings, List<String> bucketAttributes, double priorStrength) {
        List<LoggedDecision> rewarded = log.stream().filter(LoggedDecision::rewarded).toList();
        double minPropensity = 1;
        for (LoggedDecision d : rewarded) {
            minPropensity = Math.min(minPropensity, d.propensity());
        }
        ReplaySampler sampler = new ReplaySampler(settings.seed(), minPropensity);
        SplittableRandom random = new SplittableRandom(settings.seed());
        BucketMeanRewardModel.Builder fit = BucketMeanRewardModel.builder(priorStrength);

        List<double[]> targets = new ArrayList<>(rewarded.size());
        int learned = 0;
        for (int t = 0; t < rewarded.size(); t++) {
            LoggedDecision d = rewarded.get(t);
            double[] target = target(candidate, d, random);
            targets.add(target);
            fit.add(bucket(d.context(), bucketAttributes), d.chosenArm().id(), d.reward());
            if (sampler.accepts(t, target[d.chosen()], d.propensity())) {
                Update update = candidate.model().updateFor(d.context(), d.chosenArm());
                candidate.model().decided(update, 1);
                candidate.model().rewarded(update, d.reward(), 1);
                learned++;
            }
        }

        BucketMeanRewardModel model = fit.build();
        int n = rewarded.size();
        List<Round> rounds = new ArrayList<>(n);
        List<String> buckets = new ArrayList<>(n);
        List<List<String>> candidates = new ArrayList<>(n);
        int[] chosen = new int[n];
        double[] rewards = new double[n];
        for (int t = 0; t < n; t++) {
            LoggedDecision d = rewarded.get(t);
            List<String> ids = d.arms().stream().map(Arm::id).toList();
            String bucket = bucket(d.context(), bucketAttributes);
            double[] predicted = model.predictAll(bucket, ids);
            rounds.add(Round.withLogging(d.chosen(), d.probabilities(), d.reward(),
                    targets.get(t), predicted));
            buckets.add(bucket);
            candidates.add(ids);
            chosen[t] = d.chosen();
            rewards[t] = d.reward();
        }
        RewardModelFit refit = BucketMeanFit.of(priorStrength, buckets, candidates, chosen,
                rewards);
        List<Estimate> estimates = new OffPolicyEvaluator(settings).evaluateAll(rounds, refit);
        return new Result(candidate.name(), log.size(), log.size() - rewarded.size(), learned,
                estimates);
    }

    /**
     * The candidate's probabilities for {@code d}, asked as the engine asks them ({@code draw}),
     * so that tabular Thompson sampling gives its exact probabilities, not a vector of draws.
     */
    private static double[] target(Candidate c, LoggedDecision d, SplittableRandom random) {
        Estimates estimates = c.model().estimates(d.context(), d.arms(), d.timestamp());
        return checked(c, c.policy().draw(estimates, random).probabilities(), d.arms().size(),
                d.eventId(), 1e-9);
    }

    /**
     * {@code p} when it is a distribution over {@code candidates} candidates: every entry in
     * [0, 1], summing to 1 within {@code tolerance} (1e-9 as {@link Policy#probabilities}
     * promises; 1e-6 for the exact Thompson-sampling vector of {@link Policy#draw}).
     *
     * @param eventId the event (or slot) the policy was asked about, for the message
     * @throws IllegalStateException naming the candidate and the event otherwise
     */
    static double[] checked(Candidate c, double[] p, int candidates, String eventId,
            double tolerance) {
        if (p == null || p.length != candidates) {
            throw new IllegalStateException(c.name() + " returned "
                    + (p == null ? "null" : p.length + " probabilities") + " for "
                    + candidates + " candidates of event " + eventId);
        }
        double sum = 0;
        for (double x : p) {
            if (!(x >= 0 && x <= 1)) {
                throw new IllegalStateException(c.name() + " returned probability " + x
                        + " for event " + eventId);
            }
            sum += x;
        }
        if (!(Math.abs(sum - 1) <= tolerance)) {
            throw new IllegalStateException(c.name() + " returned probabilities summing to "
                    + sum + " for event " + eventId);
        }
        return p;
    }

    /** The bucket key of a context: the attributes' values joined by {@code /}. */
    static String bucket(Context context, List<String> attributes) {
        StringBuilder b = new StringBuilder();
        for (String a : attributes) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(context.attribute(a));
        }
        return b.toString();
    }
}
