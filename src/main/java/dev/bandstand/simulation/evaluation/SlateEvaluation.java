package dev.bandstand.simulation.evaluation;

import dev.bandstand.context.Arm;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Subset;
import dev.bandstand.policy.Update;
import dev.bandstand.simulation.estimators.BucketMeanFit;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.Estimator;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.estimators.OffPolicyEvaluator;
import dev.bandstand.simulation.estimators.ReplaySampler;
import dev.bandstand.simulation.estimators.Round;
import dev.bandstand.simulation.log.LogChecks;
import dev.bandstand.simulation.log.LoggedSlate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Off-policy evaluation of a candidate policy on slates (the decision log's CCB lines), per
 * slot and for the whole slate, through the same {@link dev.bandstand.policy.Policy} and
 * {@link dev.bandstand.policy.Model} code the service runs.
 *
 * <p>What the log holds: the service draws a slate slot by slot, each slot from the policy's
 * probabilities over the candidates still open there ({@code Placement.choose}), and logs
 * that slot's vector; so a slot's logged probability {@code mu_k} is the probability of its
 * arm given the arms of the earlier slots of the same draw (a conditional, not a marginal),
 * and the product over the slots is the probability of the whole ordered slate. Where the
 * slots' vectors come from posterior draws shared by the slots (linear Thompson sampling),
 * the product is the slate's probability given those draws, which is what importance
 * weighting needs: the weights stay unbiased over the draws.
 *
 * <p>The candidate is asked what the service would ask it: its model's estimates over the
 * decision's candidates once, then for slot k the probabilities of the policy's draw
 * ({@link dev.bandstand.policy.Policy#draw}, exact for tabular Thompson sampling as in the
 * engine) over a {@link Subset} of them: the slot's candidates as logged ({@code _a}, the
 * decision's candidates without the arms of the earlier slots, and without those a
 * request's slate rule closed, so the candidate is judged under the same request); a
 * one-slot decision reads all candidates, as the service does. This gives {@code pi_k}, the
 * candidate's probability of the logged arm at slot k given the logged earlier slots.
 *
 * <p>Per slot (the conditional contextual bandit convention of Vowpal Wabbit's CCB), with
 * {@code w_k = pi_k / mu_k}: IPS, clipped IPS, SNIPS, the direct method and doubly robust of
 * {@link Estimator}, over the decisions that have slot k. They estimate slot k's mean reward
 * when the earlier slots are as the logging policy drew them and slot k is drawn by the
 * candidate; this is not the candidate's own slot-k value, whose earlier slots would be its
 * own. The direct method's model is a {@link BucketMeanFit} of slot k's rewards.
 *
 * <p>Whole slate: IPS with the exact slate weight {@code W = prod_k pi_k / prod_k mu_k}
 * (Swaminathan et al. 2017, "Off-policy evaluation for slate recommendation", NIPS, the IPS
 * baseline), clipped IPS and SNIPS, for the sum of the slot rewards. The direct method,
 * doubly robust and the pseudoinverse estimator of the same paper are reported as
 * {@link Estimate.Status#NOT_APPLICABLE}: the first two need the candidate's marginal
 * probability of each arm at each position (the policy gives conditionals along one prefix;
 * exact marginals take every ordered prefix), the last the logging policy's marginals, which
 * the log does not hold.
 *
 * <p>Support, as for single decisions: a slot's round carries the log's probability of each
 * of the slot's open candidates, so each slot's estimates report the share of the
 * candidate's probability on candidates the logging policy gave probability 0 there (an
 * experiment's {@code fixed} variant puts its arm first with probability 1) and are {@link
 * Estimate.Status#PARTIAL_SUPPORT} above {@link Estimate#MAX_UNSUPPORTED}. For the whole
 * slate the unsupported probability of a decision is {@code 1 - prod_k (1 - u_k)}, {@code
 * u_k} slot k's: the candidate's probability of leaving the log's support at some slot when
 * its earlier slots are the logged ones. It is exact for the first slot; for later ones the
 * log holds the logging policy's probabilities only after the earlier arms it drew, so a
 * slate the candidate would begin differently is judged along the logged one.
 *
 * <p>Decisions without any reward are skipped and counted, as for single decisions. A slot
 * without a reward in a decision that has one counts as reward 0: under the cascade rule it
 * was not reached (with {@code default: none}, a position reached and not rewarded is
 * unlabelled too). Bootstrap intervals resample decisions: each slot's rounds and the
 * slates' are one per decision. Each table's interval is drawn on its own (slot k > 0 has
 * fewer rounds than the slates, so one seed does not pick the same decisions there), so the
 * intervals are each valid but not joint.
 *
 * <p>The candidate learns from the slates replay would accept (the rejection rule of
 * {@link ReplaySampler} on whole slates: accepted with probability {@code pi(S) mu_min /
 * mu(S)}, so accepted slates are distributed as if the candidate had drawn them): each
 * rewarded slot of an accepted slate, as the service learns it, after all its slots were
 * asked. A randomised policy draws from a generator seeded with the settings' seed.
 *
 * <p>Limitations: the bootstrap treats decisions as independent, which an adaptive
 * candidate is not; a slate weight is a product of ratios, so its effective sample size
 * falls fast with the slate length (the status shows it). A slate that several instances
 * logged in parts (see {@code DecisionJournal}) counts once per line.
 *
 * <p>Not thread-safe (the model is mutated); blocks its caller.
 */
public final class SlateEvaluation {

    /** The estimators of each slot. */
    static final Set<Estimator> SLOT_ESTIMATORS = EnumSet.of(Estimator.IPS,
            Estimator.CLIPPED_IPS, Estimator.SNIPS, Estimator.DIRECT_METHOD,
            Estimator.DOUBLY_ROBUST);

    /** The estimators of the whole slate that the log supports. */
    static final Set<Estimator> SLATE_ESTIMATORS = EnumSet.of(Estimator.IPS,
            Estimator.CLIPPED_IPS, Estimator.SNIPS);

    /**
     * Largest natural logarithm of a slate weight that is summed: beyond it the squares of
     * the effective sample size overflow a double.
     */
    static final double MAX_LOG_WEIGHT = 300;

    static final String MARGINALS_OF_CANDIDATE = "needs the candidate's probability of each"
            + " arm at each position (marginals); the policy gives conditional ones along one"
            + " prefix, and exact marginals take every ordered prefix";
    static final String MARGINALS_OF_LOG = "pseudoinverse estimator: needs the logging"
            + " policy's probability of each arm at each position (marginals); the log holds"
            + " only the conditional ones along the slate it drew";

    /**
     * The estimates of one slot.
     *
     * @param slot the slot's 0-based position
     * @param decisions evaluated decisions that have this slot
     * @param estimates IPS, clipped IPS, SNIPS, DM and DR, in that order
     */
    public record Slot(int slot, int decisions, List<Estimate> estimates) {

        /** Copies the list. */
        public Slot {
            estimates = List.copyOf(estimates);
        }
    }

    /**
     * What came out.
     *
     * @param candidate the candidate's name
     * @param decisions decisions (lines) in the log
     * @param unrewarded decisions skipped for having no reward at any slot
     * @param learned accepted slates the candidate's model learned from
     * @param unlabelled slots of evaluated decisions without a reward, counted as 0
     * @param slots one entry per position, up to the longest slate
     * @param slate the whole slate's estimates: IPS, clipped IPS, SNIPS, then DM, DR and PI
     *     (not applicable)
     */
    public record Result(String candidate, int decisions, int unrewarded, int learned,
            int unlabelled, List<Slot> slots, List<Estimate> slate) {

        /** Copies the lists. */
        public Result {
            slots = List.copyOf(slots);
            slate = List.copyOf(slate);
        }
    }

    private SlateEvaluation() {
    }

    /**
     * Evaluates {@code candidate} on {@code log}.
     *
     * @param log the decisions in log order; a one-slot slate is a single decision
     * @param bucketAttributes context attributes that key the direct method's reward model
     * @param priorStrength shrinkage strength of that model, in observations
     * @throws IllegalStateException when the policy returns an invalid distribution
     */
    public static Result evaluate(List<LoggedSlate> log, LogEvaluation.Candidate candidate,
            EstimatorSettings settings, List<String> bucketAttributes, double priorStrength) {
        List<LoggedSlate> rewarded = log.stream().filter(LoggedSlate::rewarded).toList();
        int n = rewarded.size();
        double[] logMu = new double[n];
        double minLogMu = 0;
        int longest = 0;
        for (int t = 0; t < n; t++) {
            for (LoggedSlate.Position p : rewarded.get(t).positions()) {
                logMu[t] += Math.log(p.probabilities()[0]);
            }
            minLogMu = Math.min(minLogMu, logMu[t]);
            longest = Math.max(longest, rewarded.get(t).positions().size());
        }
        List<SlotRounds> slots = new ArrayList<>(longest);
        for (int k = 0; k < longest; k++) {
            slots.add(new SlotRounds());
        }

        // replay's rule on whole slates, in log space: accept with pi(S) * mu_min / mu(S)
        ReplaySampler sampler = new ReplaySampler(settings.seed(), 1);
        SplittableRandom random = new SplittableRandom(settings.seed());
        double[] logPi = new double[n];
        double[] total = new double[n];
        // the candidate's probability of staying where the log could go, slot after slot
        double[] supported = new double[n];
        Arrays.fill(supported, 1);
        int learned = 0;
        int unlabelled = 0;
        for (int t = 0; t < n; t++) {
            LoggedSlate s = rewarded.get(t);
            String bucket = LogEvaluation.bucket(s.context(), bucketAttributes);
            Estimates all = candidate.model().estimates(s.context(), s.arms(), s.timestamp());
            for (int k = 0; k < s.positions().size(); k++) {
                LoggedSlate.Position pos = s.positions().get(k);
                int[] open = pos.open();
                // the service's own view: a one-slot decision reads all candidates
                Estimates view = s.positions().size() == 1 && open.length == s.arms().size()
                        ? all : Subset.of(all, open);
                // the vector the engine draws the slot from (Policy.draw, as Placement.choose
                // asks it): exact where the policy computes it exactly (tabular Thompson)
                double[] target = LogEvaluation.checked(candidate,
                        candidate.policy().draw(view, random).probabilities(), open.length,
                        s.slotId(k), LogChecks.SUM_TOLERANCE);
                int j = Arrays.binarySearch(open, pos.chosen());
                double reward = pos.reward() == null ? 0 : pos.reward();
                unlabelled += pos.reward() == null ? 1 : 0;
                Round round = Round.withLogging(j, logged(pos, open), reward, target, null);
                slots.get(k).add(round, bucket, ids(s.arms(), open));
                supported[t] *= 1 - round.unsupported();
                logPi[t] += Math.log(target[j]);
                total[t] += reward;
            }
            if (sampler.accepts(t, Math.exp(logPi[t] + minLogMu - logMu[t]), 1)) {
                learn(candidate, s);
                learned++;
            }
        }

        OffPolicyEvaluator evaluator = new OffPolicyEvaluator(settings);
        List<Slot> perSlot = new ArrayList<>(longest);
        for (int k = 0; k < longest; k++) {
            SlotRounds r = slots.get(k);
            perSlot.add(new Slot(k, r.rounds.size(), r.estimate(evaluator, priorStrength)));
        }
        return new Result(candidate.name(), log.size(), log.size() - n, learned, unlabelled,
                perSlot, slate(evaluator, rewarded, logPi, logMu, total, supported));
    }

    /** The logged probability of each of a slot's open candidates ({@code open} order). */
    private static double[] logged(LoggedSlate.Position pos, int[] open) {
        double[] logged = new double[open.length];
        for (int i = 0; i < pos.actions().length; i++) {
            logged[Arrays.binarySearch(open, pos.actions()[i])] = pos.probabilities()[i];
        }
        return logged;
    }

    /**
     * The whole slate's estimates from each decision's log weights, summed reward and the
     * candidate's probability of keeping to the log's support at every slot.
     */
    private static List<Estimate> slate(OffPolicyEvaluator evaluator, List<LoggedSlate> slates,
            double[] logPi, double[] logMu, double[] total, double[] supported) {
        int n = total.length;
        List<Estimate> out = new ArrayList<>();
        int worst = -1;
        for (int t = 0; t < n; t++) {
            if (worst < 0 || logPi[t] - logMu[t] > logPi[worst] - logMu[worst]) {
                worst = t;
            }
        }
        if (worst >= 0 && logPi[worst] - logMu[worst] > MAX_LOG_WEIGHT) {
            String reason = String.format(Locale.ROOT, "the weight of decision %s is e^%.1f,"
                    + " beyond what double arithmetic can sum and square",
                    slates.get(worst).eventId(), logPi[worst] - logMu[worst]);
            for (Estimator e : SLATE_ESTIMATORS) {
                out.add(Estimate.notApplicable(evaluator.name(e), n, reason));
            }
        } else {
            List<Round> rounds = new ArrayList<>(n);
            for (int t = 0; t < n; t++) {
                // the pair (mu / c, pi / c), c = max(mu, pi): the same weight pi / mu with both
                // in (0, 1], so that a product of many small probabilities does not underflow
                double c = Math.max(logPi[t], logMu[t]);
                rounds.add(Round.of(0, Math.exp(logMu[t] - c), total[t],
                        Math.exp(logPi[t] - c)).withUnsupported(1 - supported[t]));
            }
            out.addAll(evaluator.evaluate(rounds, SLATE_ESTIMATORS));
        }
        out.add(Estimate.notApplicable(Estimator.DIRECT_METHOD.label(), n,
                MARGINALS_OF_CANDIDATE));
        out.add(Estimate.notApplicable(Estimator.DOUBLY_ROBUST.label(), n,
                MARGINALS_OF_CANDIDATE));
        out.add(Estimate.notApplicable("PI", n, MARGINALS_OF_LOG));
        return out;
    }

    /** Teaches the candidate's model every rewarded slot of {@code s}, as the service does. */
    private static void learn(LogEvaluation.Candidate candidate, LoggedSlate s) {
        for (LoggedSlate.Position pos : s.positions()) {
            if (pos.reward() != null) {
                Update update = candidate.model().updateFor(s.context(),
                        s.arms().get(pos.chosen()));
                candidate.model().decided(update, 1);
                candidate.model().rewarded(update, pos.reward(), 1);
            }
        }
    }

    private static List<String> ids(List<Arm> arms, int[] open) {
        List<String> ids = new ArrayList<>(open.length);
        for (int i : open) {
            ids.add(arms.get(i).id());
        }
        return ids;
    }

    /** One slot's rounds, one per decision that has the slot, with the reward model's input. */
    private static final class SlotRounds {
        private final List<Round> rounds = new ArrayList<>();
        private final List<String> buckets = new ArrayList<>();
        private final List<List<String>> candidates = new ArrayList<>();

        void add(Round round, String bucket, List<String> ids) {
            rounds.add(round);
            buckets.add(bucket);
            candidates.add(ids);
        }

        List<Estimate> estimate(OffPolicyEvaluator evaluator, double priorStrength) {
            int[] chosen = rounds.stream().mapToInt(Round::action).toArray();
            double[] rewards = rounds.stream().mapToDouble(Round::reward).toArray();
            return evaluator.evaluate(rounds, SLOT_ESTIMATORS,
                    BucketMeanFit.of(priorStrength, buckets, candidates, chosen, rewards));
        }
    }
}
