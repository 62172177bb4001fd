package dev.bandstand.placement;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.ContextFactory;
import dev.bandstand.policy.Drawn;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policies;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.Update;
import dev.bandstand.store.InMemoryStatsStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A decision that fails after its choice records nothing: no pending decision, no version
 * bump, in the store or the local model. Once the store holds a decision, a failure of the
 * local model's bookkeeping does not take the answer back.
 */
class FailedDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final InMemoryStatsStore store = new InMemoryStatsStore();
    private final PlacementSettings settings = new PlacementSettings("art",
            new PolicySettings("epsilon-greedy", Map.of()), List.of(), Duration.ofMinutes(10),
            null, 0, 1, List.of(), 0, 10, 3, null,
            new FeatureSettings(16, true, List.of(), Map.of()));

    @Test
    void aSlotProbabilityThatCannotBeReadFailsTheDecisionBeforeAnythingIsRecorded()
            throws Exception {
        Placement placement = new Placement(settings, new FaultyProbability(),
                Models.create(settings, null), null);
        Placements engine = engine(placement);

        Future<Decision> decided = engine.decide(request("e-1", 2), new SplittableRandom(1));

        assertThat(decided.failed()).as("the decision was answered").isTrue();
        assertThat(decided.cause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probability must be in (0, 1]");
        assertThat(await(store.decision("e-1"))).isNull();
        assertThat(await(store.snapshot("art")).version()).isZero();
        assertThat(await(store.snapshot("art")).sums()).isEmpty();
        assertThat(placement.version()).isZero();
    }

    @Test
    void aLocalModelThatCannotCountARecordedDecisionStillAnswersIt() throws Exception {
        Placement placement = new Placement(settings, Policies.create(settings.policy()),
                new CannotCount(Models.create(settings, null)), null);
        Placements engine = engine(placement);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Placement.class);
        logger.addAppender(log);
        // the ERROR is expected: kept off the console
        logger.setAdditive(false);

        Decision decision;
        try {
            decision = await(engine.decide(request("e-2", 1), new SplittableRandom(2)));
        } finally {
            logger.detachAppender(log);
            logger.setAdditive(true);
        }

        assertThat(decision.eventId()).isEqualTo("e-2");
        assertThat(decision.recorded()).isTrue();
        assertThat(await(store.decision("e-2"))).isNotNull();
        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).startsWith(
                    "Placement art: decision e-2 is recorded but the local model could not");
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("cannot count");
        });
    }

    private Placements engine(Placement placement) {
        ContextFactory contexts = new ContextFactory(PartsOfDay.defaults());
        return new Placements(List.of(placement), r -> DecisionInputs.context(contexts, r),
                store, CLOCK);
    }

    private static DecisionRequest request(String eventId, int count) {
        return new DecisionRequest("art", NOW, ZoneId.of("UTC"), "phone", null, Map.of(),
                List.of(Arm.of("a"), Arm.of("b"), Arm.of("c")), null, count, eventId);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Draws the first open candidate but gives it probability 0, as a faulty policy would. */
    private static final class FaultyProbability implements Policy {

        @Override
        public String name() {
            return "faulty";
        }

        @Override
        public double[] probabilities(Estimates estimates, RandomGenerator random) {
            double[] p = new double[estimates.size()];
            p[estimates.size() - 1] = 1;
            return p;
        }

        @Override
        public Drawn draw(Estimates estimates, RandomGenerator random) {
            return Drawn.of(probabilities(estimates, random), 0);
        }
    }

    /** A model whose {@link #decided} fails, as a numerical fault in it would. */
    private record CannotCount(Model inner) implements Model {

        @Override
        public Estimates estimates(Context context, List<Arm> candidates, Instant now) {
            return inner.estimates(context, candidates, now);
        }

        @Override
        public Update updateFor(Context context, Arm arm) {
            return inner.updateFor(context, arm);
        }

        @Override
        public void decided(Update update, double weight) {
            throw new IllegalStateException("cannot count");
        }

        @Override
        public void rewarded(Update update, double reward, double weight) {
            inner.rewarded(update, reward, weight);
        }

        @Override
        public void dropped(Update update, double weight) {
            inner.dropped(update, weight);
        }

        @Override
        public void load(Map<String, Double> sums, long version) {
            inner.load(sums, version);
        }

        @Override
        public Map<String, Double> sums() {
            return inner.sums();
        }

        @Override
        public long version() {
            return inner.version();
        }
    }
}
