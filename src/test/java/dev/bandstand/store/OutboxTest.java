package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> written = new ArrayList<>();
    private boolean reachable;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    private Outbox outbox(int capacity) {
        return new Outbox(vertx, capacity, op -> {
            if (!reachable) {
                return Future.failedFuture(new RedisException("down"));
            }
            written.add(op.getClass().getSimpleName() + " " + op.eventId());
            return Future.succeededFuture();
        }, () -> reachable ? Future.succeededFuture()
                : Future.failedFuture(new RedisException("down")));
    }

    private static Outbox.Decision decision(String id) {
        PendingDecision d = Decisions.tabular("p", id, "a", Duration.ofMinutes(1), null);
        return new Outbox.Decision(d, PendingCodec.encode(d));
    }

    private static Outbox.Reward reward(String id) {
        return new Outbox.Reward(id, null, 1, T0);
    }

    @Test
    void beyondItsBoundAnOperationIsRefusedAsUnavailable() {
        Outbox outbox = outbox(2);

        await(outbox.offer(reward("a"), null));
        await(outbox.offer(reward("b"), null));

        assertThatThrownBy(() -> await(outbox.offer(reward("c"), null)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("event c");
        assertThat(outbox.size()).isEqualTo(2);
    }

    @Test
    void nothingLeavesWhileRedisIsDownAndAllLeavesInOrderOnceItAnswers() {
        Outbox outbox = outbox(10);
        outbox.markDown(new RedisException("down"));
        await(outbox.offer(decision("d1"), null));
        await(outbox.offer(reward("d1"), null));
        await(outbox.offer(decision("d2"), null));

        await(outbox.drain());
        int leftWhileDown = outbox.size();
        reachable = true;
        await(outbox.drain());

        assertThat(leftWhileDown).isEqualTo(3);
        assertThat(written).containsExactly("Decision d1", "Reward d1", "Decision d2");
        assertThat(outbox.degraded()).isFalse();
    }

    @Test
    void aFlushThatCannotReachRedisGivesUpAtItsDeadline() {
        Outbox outbox = outbox(10);
        outbox.markDown(new RedisException("down"));
        await(outbox.offer(reward("r1"), null));

        await(outbox.flush(System.nanoTime() + Duration.ofMillis(300).toNanos()));

        assertThat(outbox.size()).isEqualTo(1);
        assertThat(written).isEmpty();
    }
}
