package dev.bandstand.simulation.environment;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Forgetting;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Synthetic problems with known truth, for stress runs and for targets that must hold.
 *
 * <ul>
 *   <li>{@code part-of-day}: three arms; click rates {@code rates} (default 0.7, 0.3, 0.1) in
 *       the morning and reversed at night, each round morning or night with probability 1/2.
 *       The best possible average is the largest rate (0.70).</li>
 *   <li>{@code flip}: the rates are reversed for good from round {@code changeAt} on, a
 *       change no context announces; only forgetting lets a learner recover.</li>
 *   <li>{@code new-arm}: from round {@code changeAt} on a new arm {@code arm-new} with rate
 *       {@code newArmRate} joins the candidates.</li>
 *   <li>{@code stationary}: {@code arms} arms whose rates are drawn once from Beta(1, 9)
 *       (mean 0.1) with {@code truthSeed}, or given as {@code rates}; for 10 or 1,000 arms.</li>
 * </ul>
 *
 * <p>Simulated time starts at the forgetting epoch, 2026-01-01T00:00Z (zone UTC), and advances
 * {@code secondsPerRound} per round; the part-of-day problem moves the hour within the day
 * to the drawn part (morning 6-11, night 0-5). Rewards are Bernoulli draws; with
 * {@code maxDelay} > 0 each round's reward reaches the bandit a uniform 0..maxDelay rounds
 * later. Baselines: {@code uniform} and {@code best-fixed} (the single arm best over the
 * whole run in hindsight).
 */
public final class Synthetic implements Environment {

    /** The problems, as a scenario's {@code environment.problem} names them. */
    public static final List<String> PROBLEMS =
            List.of("part-of-day", "flip", "new-arm", "stationary");

    // the forgetting epoch, so that half-lives of hours stay within the weights' range
    private static final Instant START = Forgetting.DEFAULT_EPOCH;

    /**
     * Parameters of a synthetic problem.
     *
     * @param problem {@code part-of-day}, {@code flip}, {@code new-arm} or {@code stationary}
     * @param rounds rounds per run
     * @param arms number of arms of {@code stationary} (ignored when rates are given)
     * @param rates the arms' click rates in [0, 1]; may be empty for {@code stationary}
     * @param changeAt round of the flip or of the new arm's arrival
     * @param newArmRate click rate of the arm arriving in {@code new-arm}
     * @param secondsPerRound simulated seconds between rounds
     * @param maxDelay largest reward delay in rounds, 0 for immediate rewards
     * @param truthSeed seed of the drawn rates of {@code stationary}
     */
    public record Settings(String problem, int rounds, int arms, double[] rates, int changeAt,
            double newArmRate, long secondsPerRound, int maxDelay, long truthSeed) {
    }

    private final Settings s;
    private final double[] rates;
    private final List<Arm> arms;
    private final List<Arm> withNew;
    private final double[] bestFixed;

    private Synthetic(Settings s, double[] rates) {
        this.s = s;
        this.rates = rates;
        List<Arm> list = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            list.add(Arm.of("arm-" + i));
        }
        this.arms = List.copyOf(list);
        list.add(Arm.of("arm-new"));
        this.withNew = List.copyOf(list);
        this.bestFixed = bestFixedPerPhase();
    }

    /**
     * Checks the settings and draws the rates when needed.
     *
     * @throws IllegalArgumentException naming the scenario key ({@code environment.rounds}
     *     and so on) and the reason
     */
    public static Synthetic create(Settings s) {
        if (s.rounds() <= 0) {
            throw new IllegalArgumentException("environment.rounds must be positive, was "
                    + s.rounds());
        }
        if (!PROBLEMS.contains(s.problem())) {
            throw new IllegalArgumentException("environment.problem must be one of "
                    + String.join(", ", PROBLEMS) + "; was " + s.problem());
        }
        double[] r = s.rates() == null ? new double[0] : s.rates().clone();
        if (r.length == 0) {
            r = s.problem().equals("stationary") ? drawRates(s.arms(), s.truthSeed())
                    : new double[] {0.7, 0.3, 0.1};
        }
        for (double v : r) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("environment.rates must be in [0, 1], was "
                        + v);
            }
        }
        return new Synthetic(s, r);
    }

    @Override
    public String name() {
        return "synthetic-" + s.problem();
    }

    @Override
    public int rounds() {
        return s.rounds();
    }

    @Override
    public int slateSize() {
        return 1;
    }

    @Override
    public List<String> baselines() {
        return List.of("uniform", "best-fixed");
    }

    @Override
    public Round round(int step, RandomGenerator random) {
        Instant t = START.plusSeconds(step * s.secondsPerRound());
        boolean night = false;
        if (s.problem().equals("part-of-day")) {
            night = random.nextBoolean();
            long day = t.getEpochSecond() / 86_400 * 86_400;
            int hour = night ? random.nextInt(6) : 6 + random.nextInt(6);
            t = Instant.ofEpochSecond(day + hour * 3600L + random.nextInt(3600));
        }
        Context c = Contexts.at(t, ZoneOffset.UTC, "unknown", "unknown", Map.of());
        boolean changed = step >= s.changeAt();
        double[] e = expected(night || s.problem().equals("flip") && changed);
        List<Arm> candidates = arms;
        if (s.problem().equals("new-arm") && changed) {
            candidates = withNew;
            double[] grown = new double[e.length + 1];
            System.arraycopy(e, 0, grown, 0, e.length);
            grown[e.length] = s.newArmRate();
            e = grown;
        }
        double mean = 0;
        for (double v : e) {
            mean += v;
        }
        String segment = s.problem().equals("part-of-day") ? c.partOfDay()
                : changed && !s.problem().equals("stationary") ? "after-change" : "before";
        return new Round(step, c, candidates, e,
                new double[] {mean / e.length, bestFixed[changed ? 1 : 0]}, segment);
    }

    @Override
    public int delay(Round round, RandomGenerator random) {
        return s.maxDelay() <= 0 ? 0 : random.nextInt(s.maxDelay() + 1);
    }

    /** The true rates of the arms, in arm order (before any new arm). */
    double[] rates() {
        return rates.clone();
    }

    private double[] expected(boolean reversed) {
        if (!reversed) {
            return rates;
        }
        double[] e = new double[rates.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = rates[rates.length - 1 - i];
        }
        return e;
    }

    /**
     * The expected reward of the single arm that is best over the whole run, before and after
     * the change point, by problem.
     */
    private double[] bestFixedPerPhase() {
        int n = rates.length;
        int before = Math.min(s.changeAt(), s.rounds());
        int after = s.rounds() - before;
        double best = -1;
        int arm = 0;
        for (int i = 0; i < n; i++) {
            double total = switch (s.problem()) {
                case "part-of-day" -> (rates[i] + rates[n - 1 - i]) / 2 * s.rounds();
                case "flip" -> rates[i] * before + rates[n - 1 - i] * after;
                default -> rates[i] * s.rounds();
            };
            if (total > best) {
                best = total;
                arm = i;
            }
        }
        return switch (s.problem()) {
            case "part-of-day" -> new double[] {best / s.rounds(), best / s.rounds()};
            case "flip" -> new double[] {rates[arm], rates[n - 1 - arm]};
            default -> new double[] {rates[arm], rates[arm]};
        };
    }

    private static double[] drawRates(int n, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("environment.arms must be at least 2, was " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = beta19(random);
        }
        return r;
    }

    /** Beta(1, 9) by inversion: 1 - U^(1/9). */
    private static double beta19(SplittableRandom random) {
        return 1 - Math.pow(random.nextDouble(), 1.0 / 9);
    }
}
