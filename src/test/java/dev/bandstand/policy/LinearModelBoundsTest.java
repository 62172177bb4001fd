package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.HashingFeatureEncoder;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The linear model at the edges of its input: feature values at the bound the API accepts
 * keep the ridge system well conditioned, and values far beyond it (as the API took before it
 * had the bound) degrade the model with one WARN instead of failing every decision.
 */
class LinearModelBoundsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final Forgetting WEEK =
            Forgetting.of(Duration.ofDays(7), Forgetting.DEFAULT_EPOCH);
    private static final double MAX = FeatureSettings.MAX_SCALED_VALUE;

    private final Policy linUcb = Policies.create(
            new PolicySettings("linucb", Map.of("alpha", 1.0, "floor", 0.01)));
    private final Policy thompson = Policies.create(
            new PolicySettings("linear-thompson", Map.of("v", 1.0, "floor", 0.01)));
    private final SplittableRandom random = new SplittableRandom(17);

    @Test
    void valuesAtTheBoundFactorAsTheyAreOverTwentyThousandDecisions() {
        // a numeric context feature crossed with numeric arm features, all at the bound: the
        // encoded entries reach MAX^2 = 1e4, the worst the bound lets through
        LinearModel model = new LinearModel("playlist", new HashingFeatureEncoder(
                new FeatureSettings(64, false, List.of("activity", "partOfDay", "load"),
                        Map.of("tempo", 200.0))), 1, 1, WEEK);
        Context context = context(Map.of("load", MAX));
        List<Arm> arms = List.of(
                new Arm("loud", Map.of("energy", MAX, "tempo", MAX * 200, "genre", "rock")),
                new Arm("quiet", Map.of("energy", -MAX, "tempo", -MAX * 200, "genre", "jazz")),
                new Arm("mixed", Map.of("energy", MAX, "tempo", -MAX * 200)));
        double weight = WEEK.weight(NOW);
        ArrayDeque<Update> waiting = new ArrayDeque<>();
        List<Double> raised = new ArrayList<>();

        for (int round = 0; round < 20_000; round++) {
            Estimates estimates = model.estimates(context, arms, NOW);
            if (model.jitter() != 0) {
                raised.add(model.jitter());
            }
            Drawn drawn = (round % 2 == 0 ? linUcb : thompson).draw(estimates, random);
            assertThat(drawn.probability()).as("round %d", round).isGreaterThan(0)
                    .isLessThanOrEqualTo(1);
            Update update = model.updateFor(context, arms.get(drawn.index()));
            model.decided(update, weight);
            waiting.add(update);
            if (waiting.size() > 50) {
                settle(model, waiting.poll(), weight);
            }
            if (round % 1000 == 999) {
                // as a sync does: the model afresh from its sums
                model.load(model.sums(), model.version());
            }
        }

        assertThat(raised).isEmpty();
        assertMeansMatchAnLuSolve(model, context, arms, 1e-6);
    }

    @Test
    void featuresFarBeyondTheBoundKeepDecidingWithARaisedDiagonalAndWarnOnce() {
        // the shipped playlist's encoding, and the values of the report: energy 1e9, the old
        // bound of every request number
        LinearModel model = new LinearModel("playlist", new HashingFeatureEncoder(
                new FeatureSettings(64, false, List.of("activity", "partOfDay", "device"),
                        Map.of("tempo", 200.0))), 1, 1, WEEK);
        Context context = context(Map.of());
        List<Arm> huge = List.of(new Arm("h1", Map.of("energy", 1e9)),
                new Arm("h2", Map.of("energy", 1e9)));
        List<Arm> tracks = List.of(new Arm("sunrise", Map.of("tempo", 172.0, "energy", 0.91)),
                new Arm("focus", Map.of("tempo", 70.0, "energy", 0.18)));
        double weight = WEEK.weight(NOW);

        List<ILoggingEvent> logged = captured(() -> {
            for (int slate = 0; slate < 2; slate++) {
                decideAndReward(model, context, huge, huge.size(), weight);
            }
            for (int single = 0; single < 5; single++) {
                decideAndReward(model, context, huge.subList(0, 1), 1, weight);
            }
            for (int plain = 0; plain < 10; plain++) {
                decideAndReward(model, context, tracks, 1, weight);
            }
        });

        assertThat(model.jitter()).isNotZero();
        assertThat(messages(logged, Level.WARN)).hasSize(1).first().asString()
                .startsWith("Placement playlist: lambda I + f S_A is not numerically positive");
        assertThat(messages(logged, Level.ERROR)).isEmpty();
    }

    @Test
    void aModelReloadedWithSoundSumsFactorsAsItIsAgain() {
        LinearModel model = new LinearModel("playlist", new HashingFeatureEncoder(
                new FeatureSettings(16, false, List.of("activity"), Map.of())), 1, 1, WEEK);
        Context context = context(Map.of());
        List<Arm> huge = List.of(new Arm("h1", Map.of("energy", 1e9)),
                new Arm("h2", Map.of("energy", 1e9)));
        List<ILoggingEvent> logged = captured(() -> {
            decideAndReward(model, context, huge, 2, WEEK.weight(NOW));
            decideAndReward(model, context, huge, 2, WEEK.weight(NOW));
        });
        assertThat(model.jitter()).isNotZero();

        List<ILoggingEvent> after = captured(() -> {
            model.load(Map.of(), model.version());
            model.estimates(context, huge, NOW);
        });

        assertThat(model.jitter()).isZero();
        assertThat(messages(logged, Level.WARN)).hasSize(1);
        assertThat(messages(after, Level.INFO))
                .containsExactly("Placement playlist: the linear statistics factor as they are"
                        + " again");
    }

    /** A slate of {@code count} drawn by both policies in turn, every slot rewarded 1. */
    private void decideAndReward(LinearModel model, Context context, List<Arm> arms, int count,
            double weight) {
        List<Arm> open = new ArrayList<>(arms);
        List<Update> slate = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Estimates estimates = model.estimates(context, open, NOW);
            for (Policy policy : List.of(linUcb, thompson)) {
                assertThat(policy.draw(estimates, random).probability()).isGreaterThan(0)
                        .isLessThanOrEqualTo(1);
            }
            Drawn drawn = linUcb.draw(estimates, random);
            assertThat(estimates.mean(drawn.index())).isFinite();
            slate.add(model.updateFor(context, open.remove(drawn.index())));
        }
        for (Update u : slate) {
            model.decided(u, weight);
        }
        for (Update u : slate) {
            model.rewarded(u, 1, weight);
        }
    }

    private void settle(LinearModel model, Update update, double weight) {
        if (random.nextInt(4) == 0) {
            model.dropped(update, weight);
        } else {
            model.rewarded(update, random.nextDouble(), weight);
        }
    }

    /** The model's means against {@code x' (lambda I + f S_A)^-1 S_b} solved by LU. */
    private static void assertMeansMatchAnLuSolve(LinearModel model, Context context,
            List<Arm> arms, double relative) {
        int d = model.dimensions();
        double f = WEEK.factor(NOW);
        Map<String, Double> sums = model.sums();
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = f * sums.getOrDefault(StatsFields.matrix(i, j), 0.0);
                a[i][j] = v;
                a[j][i] = v;
            }
            a[i][i] += 1;
            b[i] = f * sums.getOrDefault(StatsFields.vector(i), 0.0);
        }
        double[] theta = new LUDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
                .solve(new ArrayRealVector(b, false)).toArray();

        Estimates estimates = model.estimates(context, arms, NOW);

        for (int i = 0; i < arms.size(); i++) {
            double[] x = ((LinearUpdate) model.updateFor(context, arms.get(i))).x();
            double expected = Linear.dot(x, theta);
            assertThat(Math.abs(estimates.mean(i) - expected))
                    .as("mean of %s", arms.get(i).id())
                    .isLessThanOrEqualTo(relative * (1 + Math.abs(expected)));
        }
    }

    private static Context context(Map<String, Object> features) {
        return new Context(NOW, ZoneOffset.UTC, 9, "morning", "weekday", DayOfWeek.FRIDAY,
                "phone", "running", features);
    }

    /** The events {@link LinearModel} logs while {@code action} runs, INFO and above. */
    private static List<ILoggingEvent> captured(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(LinearModel.class);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        // the WARN is expected: kept off the console
        logger.setAdditive(false);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
            logger.setAdditive(true);
        }
        return appender.list;
    }

    private static List<String> messages(List<ILoggingEvent> events, Level level) {
        return events.stream().filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
