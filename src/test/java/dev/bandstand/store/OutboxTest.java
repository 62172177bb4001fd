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
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OutboxTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> written = new ArrayList<>();
    private boolean reachable;
    /** When set, writes wait for it (and are not listed in {@link #written}). */
    private Promise<Void> held;
    /** The journal outboxes get, or null. */
    private OutboxJournal journal;

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
        if (journal != null) {
            journal.close().get(10, TimeUnit.SECONDS);
        }
    }

    /** Gives the next outboxes a journal in {@code where}. */
    private OutboxJournal journalIn(Path where) throws Exception {
        journal = OutboxJournal.open(where);
        return journal;
    }

    /** What a process started on a copy of the journal's file now would find. */
    private List<String> leftAfterACrash(Path where) throws Exception {
        OutboxJournal copy = OutboxJournal.open(JournalFixtures.crashImage(where, dir));
        try {
            return copy.leftovers().stream()
                    .map(op -> op.getClass().getSimpleName() + " " + op.eventId()).toList();
        } finally {
            copy.close().get(10, TimeUnit.SECONDS);
        }
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
        }, journal);
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

    @Test
    void withAJournalAnOperationIsBufferedOnceOnTheDiskAndLeavesItOnceWrittenToRedis()
            throws Exception {
        Path where = dir.resolve("journal");
        journalIn(where);
        Outbox outbox = outbox(10);
        outbox.markDown(new RedisException("down"));

        boolean decided = await(outbox.offer(decision("d1"), null));
        boolean rewarded = await(outbox.offerReward(reward("d1"), null));
        List<String> onDisk = leftAfterACrash(where);
        reachable = true;
        await(outbox.drain());
        journal.close().get(10, TimeUnit.SECONDS);

        assertThat(decided).isTrue();
        assertThat(rewarded).isTrue();
        assertThat(onDisk).containsExactly("Decision d1", "Reward d1");
        assertThat(written).containsExactly("announce", "Decision d1", "announce", "Reward d1",
                "reachable", "written");
        assertThat(where.resolve(OutboxJournal.FILE)).doesNotExist();
    }

    @Test
    void aRewardTheJournalCannotKeepIsRefusedAndGivesBackItsRoomAndItsEventId()
            throws Exception {
        Path where = dir.resolve("journal");
        journalIn(where);
        Outbox outbox = outbox(1);
        outbox.markDown(new RedisException("down"));
        RedisServers.deleteTree(where);
        Files.writeString(where, "a file where the directory was");

        Future<Boolean> refused = outbox.offerReward(reward("r1"), null);
        Throwable cause = failure(refused);
        int sizeAfter = outbox.size();
        Files.delete(where);
        Files.createDirectory(where);
        boolean retried = await(outbox.offerReward(reward("r1"), null));

        assertThat(cause).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("outbox journal " + where.resolve(OutboxJournal.FILE))
                .hasMessageContaining("the reward for event r1 was not accepted");
        assertThat(((StoreUnavailableException) cause).reason())
                .isEqualTo("Redis is unreachable and the outage buffer cannot be kept on disk");
        assertThat(sizeAfter).isZero();
        assertThat(retried).isTrue();
        assertThat(leftAfterACrash(where)).containsExactly("Reward r1");
    }

    @Test
    void aDecisionTheJournalCannotKeepIsCountedInTheRecoveryLine() throws Exception {
        Path where = dir.resolve("journal");
        journalIn(where);
        Outbox outbox = outbox(4);
        List<String> infos;
        Throwable cause;
        try (JournalFixtures.Log log = new JournalFixtures.Log(Outbox.class)) {
            outbox.markDown(new RedisException("down"));
            RedisServers.deleteTree(where);
            Files.writeString(where, "a file where the directory was");
            cause = failure(outbox.offer(decision("d1"), null));
            reachable = true;
            await(outbox.drain());
            infos = log.messages(Level.INFO);
        }

        assertThat(cause).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("decision d1 was not recorded");
        assertThat(infos).filteredOn(m -> m.startsWith("Redis reachable again"))
                .singleElement().asString().contains("1 decisions were answered unrecorded");
    }

    @Test
    void theAnswerOfAJournalledRewardComesOnTheCallersContext() throws Exception {
        journalIn(dir.resolve("journal"));
        Outbox outbox = outbox(10);
        outbox.markDown(new RedisException("down"));
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Boolean> sameContext = new CompletableFuture<>();

        context.runOnContext(v -> outbox.offerReward(reward("r1"), null).onComplete(ar ->
                sameContext.complete(ar.succeeded() && Vertx.currentContext() == context)));

        assertThat(sameContext.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void operationsAnEarlierProcessLeftAreWrittenBeforeNewOnesAndCountAsBuffered()
            throws Exception {
        Outbox outbox = outbox(10);
        outbox.markDown(new RedisException("down"));

        outbox.restore(List.of(decision("old"), reward("old")));
        boolean duplicate = !await(outbox.offerReward(reward("old"), null));
        await(outbox.offer(decision("new"), null));
        PendingDecision held = outbox.decision("old");
        reachable = true;
        await(outbox.drain());

        assertThat(duplicate).isTrue();
        assertThat(held).isNotNull();
        assertThat(written).containsExactly("announce", "Decision old", "announce",
                "Reward old", "announce", "Decision new", "reachable", "written");
    }

    private static Throwable failure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("it succeeded");
    }
}
