package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis store on a three-master Cluster passes the store contract; the backlog marks and
 * the heartbeats live in one slot, so that one script reads both.
 */
class RedisClusterStatsStoreIT extends StatsStoreContract {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.cluster(3);

    @Override
    protected StatsStore newStore() throws Exception {
        return REDIS.connect("contract");
    }

    @Test
    void theBacklogMarksAndTheHeartbeatsShareOneSlot() {
        RedisKeys keys = new RedisKeys("slots");
        Duration timeout = Duration.ofMillis(500);
        RedisLink link = RedisLink.open(REDIS.uri(), timeout).toCompletableFuture().join();
        try {
            Backlogs writer = new Backlogs(link.commands(), new RedisScripts(), keys, timeout,
                    Duration.ofMinutes(1));
            Backlogs asking = new Backlogs(link.commands(), new RedisScripts(), keys, timeout,
                    Duration.ofMinutes(1));

            Decisions.await(writer.beat());
            Map<String, Long> others = Decisions.await(asking.beat()).untilMs();
            Decisions.await(writer.mark());
            Backlogs.Holder holder = Decisions.await(asking.live(null));
            String marksSlot = REDIS.server().cli("cluster", "keyslot", keys.backlogs());
            String heartbeatsSlot = REDIS.server().cli("cluster", "keyslot", keys.heartbeats());

            assertThat(heartbeatsSlot).isEqualTo(marksSlot);
            assertThat(others).containsOnlyKeys(writer.instance());
            assertThat(holder).isEqualTo(new Backlogs.Holder(writer.instance(), true, 0));
        } finally {
            link.close().toCompletableFuture().join();
        }
    }
}
