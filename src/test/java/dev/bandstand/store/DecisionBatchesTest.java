package dev.bandstand.store;

import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionBatchesTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> written = new ArrayList<>();
    private boolean reachable = true;
    private Promise<Void> redisAnswers;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    private Outbox outbox(int capacity) {
        return new Outbox(vertx, capacity, capacity, op -> Future.succeededFuture(),
                () -> Future.succeededFuture(), new Outbox.Announcer() {
                    @Override
                    public Future<Void> announce() {
                        return Future.succeededFuture();
                    }

                    @Override
                    public Future<Void> written() {
                        return Future.succeededFuture();
                    }

                    @Override
                    public void reachable() {
                    }
                }, null);
    }

    private DecisionBatches batches(Outbox outbox) {
        return new DecisionBatches((placement, ops) -> {
            if (!reachable) {
                return Future.failedFuture(new RedisException("down"));
            }
            List<Boolean> recorded = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            ops.forEach(op -> {
                ids.add(op.eventId());
                recorded.add(true);
            });
            written.add(placement + " " + ids);
            return redisAnswers == null ? Future.succeededFuture(recorded)
                    : redisAnswers.future().map(recorded);
        }, outbox);
    }

    private static Outbox.Decision decision(String placement, String id) {
        PendingDecision d = Decisions.tabular(placement, id, "a", Duration.ofMinutes(1), null);
        return new Outbox.Decision(d, PendingCodec.encode(d), false);
    }

    @Test
    void decisionsMadeWhileABatchIsWrittenLeaveTogetherPerPlacementInOrder() {
        DecisionBatches batches = batches(outbox(10));
        redisAnswers = Promise.promise();

        Future<Boolean> first = batches.add(decision("p", "d1"));
        List<Future<Boolean>> waiting = List.of(batches.add(decision("p", "d2")),
                batches.add(decision("q", "d3")), batches.add(decision("p", "d4")));
        List<String> whileWriting = List.copyOf(written);
        redisAnswers.complete();
        await(batches.flush());

        assertThat(whileWriting).containsExactly("p [d1]");
        assertThat(written).containsExactly("p [d1]", "p [d2, d4]", "q [d3]");
        assertThat(first.result()).isTrue();
        assertThat(waiting).allSatisfy(f -> assertThat(f.result()).isTrue());
    }

    @Test
    void aFailedBatchMovesIntoTheRoomItKeptInTheOutboxEvenWhenTheOutboxIsOtherwiseFull() {
        Outbox outbox = outbox(2);
        DecisionBatches batches = batches(outbox);
        reachable = false;

        Future<Boolean> first = batches.add(decision("p", "d1"));
        Future<Boolean> second = batches.add(decision("p", "d2"));
        Future<Boolean> third = batches.add(decision("p", "d3"));
        await(batches.written("d2"));
        boolean refusedBeyondTheBound = outbox.offer(decision("p", "d4"), null).failed();

        assertThat(third).isNull();
        assertThat(first.result()).isTrue();
        assertThat(second.result()).isTrue();
        assertThat(outbox.size()).isEqualTo(2);
        assertThat(outbox.degraded()).isTrue();
        assertThat(refusedBeyondTheBound).isTrue();
    }

    @Test
    void aWrittenBatchGivesItsRoomBack() {
        Outbox outbox = outbox(1);
        DecisionBatches batches = batches(outbox);

        await(batches.add(decision("p", "d1")));
        Future<Boolean> next = batches.add(decision("p", "d2"));
        await(batches.flush());

        assertThat(next).isNotNull();
        assertThat(outbox.size()).isZero();
        assertThat(written).containsExactly("p [d1]", "p [d2]");
    }
}
