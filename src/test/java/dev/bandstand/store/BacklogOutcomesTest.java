package dev.bandstand.store;

import static dev.bandstand.store.Decisions.await;
import static dev.bandstand.store.Decisions.runOn;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.store.RewardOutcome.Status;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the Redis store hands the outcomes of buffered rewards to the engine: only applied ones,
 * on the listener's context; those of a journal's replay, which runs before any engine is
 * there, kept for the first listener and handed to it as it is set; a listener that throws
 * costs one ERROR, not the next outcome.
 */
class BacklogOutcomesTest {

    private final Vertx vertx = Vertx.vertx();
    private final BacklogOutcomes outcomes = new BacklogOutcomes(vertx);
    private final List<String> handed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        await(vertx.close());
    }

    private static RewardOutcome outcome(String eventId, Status status) {
        PendingDecision d = Decisions.tabular("artwork", eventId, "a", Duration.ofMinutes(1),
                null);
        return new RewardOutcome(status, d, d.slots().get(0), 1.0, 3);
    }

    private void note(RewardOutcome o) {
        handed.add(o.decision().eventId());
    }

    @Test
    void whatTheReplayAppliedIsHandedToTheFirstListenerOnTheCallingThread() {
        outcomes.written(outcome("replayed", Status.APPLIED));
        outcomes.written(outcome("replayed-twice", Status.DUPLICATE));
        outcomes.replayed();
        outcomes.written(outcome("unheard", Status.APPLIED));

        outcomes.listen(this::note);

        assertThat(handed).containsExactly("replayed");
    }

    @Test
    void onlyAppliedOutcomesAreHandedOnAndOnTheListenersContext() {
        outcomes.replayed();
        Context listening = vertx.getOrCreateContext();
        List<Boolean> onItsContext = new CopyOnWriteArrayList<>();
        runOn(listening, () -> outcomes.listen(o -> {
            note(o);
            onItsContext.add(Vertx.currentContext() == listening);
        }));

        for (Status status : Status.values()) {
            outcomes.written(outcome(status.name(), status));
        }
        runOn(listening, () -> { });

        assertThat(handed).containsExactly("APPLIED");
        assertThat(onItsContext).containsExactly(true);
    }

    @Test
    void aListenerThatThrowsIsLoggedOnceAndTheNextOutcomeStillReachesIt() {
        outcomes.replayed();
        Context listening = vertx.getOrCreateContext();
        Consumer<RewardOutcome> listener = o -> {
            note(o);
            if (o.decision().eventId().equals("bad")) {
                throw new IllegalStateException("slot bad is not in its decision");
            }
        };
        runOn(listening, () -> outcomes.listen(listener));

        List<String> errors;
        try (JournalFixtures.Log log = new JournalFixtures.Log(RedisStatsStore.class)) {
            outcomes.written(outcome("bad", Status.APPLIED));
            outcomes.written(outcome("good", Status.APPLIED));
            runOn(listening, () -> { });
            errors = log.messages(Level.ERROR);
        }

        assertThat(handed).containsExactly("bad", "good");
        assertThat(errors).singleElement().asString().contains("event bad",
                "decision log lacks it");
    }
}
