package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutboxTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> written = new ArrayList<>();
    private boolean reachable;
    /** When set, writes wait for it (and are not listed in {@link #written}). */
    private Promise<Void> held;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    private Outbox outbox(int capacity) {
        return outbox(capacity, capacity);
    }

    private Outbox outbox(int rewards, int decisions) {
        return new Outbox(vertx, rewards, decisions, op -> {
            if (!reachable) {
                return Future.failedFuture(new RedisException("down"));
            }
            if (held != null) {
                return held.future();
            }
            written.add(op.getClass().getSimpleName() + " " + op.eventId());
            return Future.succeededFuture();
        }, this::answer, new Outbox.Announcer() {
            @Override
            public Future<Void> announce() {
                return answer().onSuccess(v -> written.add("announce"));
            }

            @Override
            public Future<Void> written() {
                return answer().onSuccess(v -> written.add("written"));
            }

            @Override
            public void reachable() {
                written.add("reachable");
            }
        });
    }

    private Future<Void> answer() {
        return reachable ? Future.succeededFuture()
                : Future.failedFuture(new RedisException("down"));
    }

    private static Outbox.Decision decision(String id) {
        PendingDecision d = Decisions.tabular("p", id, "a", Duration.ofMinutes(1), null);
        return new Outbox.Decision(d, PendingCodec.encode(d), false);
    }

    private static Outbox.Reward reward(String id) {
        return new Outbox.Reward(id, null, 1, T0);
    }

    @Test
    void beyondTheirBoundRewardsAreRefusedAsUnavailable() {
        Outbox outbox = outbox(2);

        await(outbox.offerReward(reward("a"), null));
        await(outbox.offerReward(reward("b"), null));

        assertThatThrownBy(() -> await(outbox.offerReward(reward("c"), null)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("2 buffered rewards")
                .hasMessageContaining("event c");
        assertThat(outbox.size()).isEqualTo(2);
    }

    @Test
    void decisionsFillingTheirBoundLeaveTheRewardsTheirRoom() {
        Outbox outbox = outbox(2, 3);
        outbox.markDown(new RedisException("down"));

        for (String id : List.of("d1", "d2", "d3")) {
            await(outbox.offer(decision(id), null));
        }
        Future<Boolean> fourth = outbox.offer(decision("d4"), null);
        boolean firstReward = await(outbox.offerReward(reward("d1"), null));
        boolean secondReward = await(outbox.offerReward(reward("d2"), null));
        Future<Boolean> thirdReward = outbox.offerReward(reward("d3"), null);

        assertThat(fourth.cause()).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("3 buffered decisions")
                .hasMessageContaining("decision d4 was not recorded");
        assertThat(List.of(firstReward, secondReward)).containsOnly(true);
        assertThat(thirdReward.cause()).isInstanceOf(StoreUnavailableException.class);
        assertThat(outbox.size()).isEqualTo(5);
        assertThat(outbox.decision("d2").eventId()).isEqualTo("d2");
        assertThat(outbox.decision("d4")).isNull();
    }

    @Test
    void decisionsRefusedInOneOutageAreLoggedOnceAtWarnAndCountedWhenRedisAnswers() {
        Outbox outbox = outbox(10, 1);
        Logger logger = (Logger) LoggerFactory.getLogger(Outbox.class);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.INFO);
        try {
            outbox.markDown(new RedisException("down"));
            for (int i = 0; i < 5; i++) {
                outbox.offer(decision("u" + i), null);
            }
            reachable = true;
            await(outbox.drain());
            reachable = false;
            outbox.markDown(new RedisException("down again"));
            outbox.offer(decision("v1"), null);
            outbox.offer(decision("v2"), null);
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }

        List<String> warnings = events.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("recorded")).toList();
        List<String> infos = events.list.stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("1 places for decisions", "first refused: u1");
        assertThat(warnings.get(1)).contains("first refused: v2");
        assertThat(infos).singleElement().asString()
                .contains("4 decisions were answered unrecorded");
    }

    @Test
    void nothingLeavesWhileRedisIsDownAndAllLeavesInOrderOnceItAnswers() {
        Outbox outbox = outbox(10);
        outbox.markDown(new RedisException("down"));
        await(outbox.offer(decision("d1"), null));
        await(outbox.offerReward(reward("d1"), null));
        await(outbox.offer(decision("d2"), null));

        await(outbox.drain());
        int leftWhileDown = outbox.size();
        reachable = true;
        await(outbox.drain());

        assertThat(leftWhileDown).isEqualTo(3);
        assertThat(written).containsExactly("announce", "Decision d1", "announce", "Reward d1",
                "announce", "Decision d2", "reachable", "written");
        assertThat(outbox.degraded()).isFalse();
    }

    @Test
    void aBacklogIsAnnouncedBeforeItsFirstWriteAgainWithEachWindowAndEndsWithWritten() {
        Outbox outbox = outbox(10, 300);
        outbox.markDown(new RedisException("down"));
        List<String> expected = new ArrayList<>(List.of("announce"));
        for (int i = 0; i < 300; i++) {
            await(outbox.offer(decision("d" + i), null));
            expected.add((i == 256 ? "announce," : "") + "Decision d" + i);
        }
        expected.add("reachable");
        expected.add("written");

        reachable = true;
        await(outbox.drain());
        await(outbox.drain());

        assertThat(String.join(",", written)).isEqualTo(String.join(",", expected));
        assertThat(outbox.degraded()).isFalse();
    }

    @Test
    void aDrainThatBeganWithRedisUpDoesNotTakeBackAFailureNotedMeanwhile() {
        Outbox outbox = outbox(10);
        reachable = true;
        await(outbox.offer(decision("d1"), null));
        held = Promise.promise();
        Future<Void> drained = outbox.drain();

        outbox.markDown(new RedisException("down"));
        held.complete();
        await(drained);

        assertThat(outbox.degraded()).isTrue();
        assertThat(written).containsExactly("announce", "written");
    }

    @Test
    void aFlushThatCannotReachRedisGivesUpAtItsDeadline() {
        Outbox outbox = outbox(10);
        outbox.markDown(new RedisException("down"));
        await(outbox.offerReward(reward("r1"), null));

        await(outbox.flush(System.nanoTime() + Duration.ofMillis(300).toNanos()));

        assertThat(outbox.size()).isEqualTo(1);
        assertThat(written).isEmpty();
    }
}
