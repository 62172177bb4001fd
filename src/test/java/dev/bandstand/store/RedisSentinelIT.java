package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.store.RewardOutcome.Status;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store finds its Redis through a Sentinel given as {@code redis-sentinel://...#main}. */
class RedisSentinelIT {

    private Path dir;
    private RedisServer master;
    private RedisServer sentinel;
    private Vertx vertx;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-sentinel-");
        master = RedisServer.start(dir);
        sentinel = RedisServer.startSentinel(dir, master);
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        try {
            await(vertx.close());
        } finally {
            sentinel.stop();
            master.stop();
            RedisServers.deleteTree(dir);
        }
    }

    @Test
    void decisionsAndRewardsGoToTheMasterTheSentinelNames() {
        String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#main";
        RedisStatsStore store = await(RedisStatsStore.connect(vertx,
                RedisStoreBehaviourIT.settings(uri, "sentinel")));
        PendingDecision d = Decisions.tabular("artwork", "s1", "a", Duration.ofMinutes(5),
                null);

        try {
            await(store.recordDecision(d));
            RewardOutcome outcome = await(store.applyReward("s1", null, 1, T0));

            assertThat(outcome.status()).isEqualTo(Status.APPLIED);
            assertThat(master.cli("hget", "sentinel:{artwork}:s", "n||a")).isEqualTo("1");
        } finally {
            await(store.close());
        }
    }
}
