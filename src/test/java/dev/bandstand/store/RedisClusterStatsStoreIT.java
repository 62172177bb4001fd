package dev.bandstand.store;

import dev.bandstand.config.StoreSettings;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store on a three-master Cluster passes the store contract. */
class RedisClusterStatsStoreIT extends StatsStoreContract {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.cluster(3);

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @Override
    protected StatsStore newStore() throws Exception {
        StoreSettings settings = RedisStoreBehaviourIT.settings(REDIS.uri(),
                "contract" + PREFIXES.incrementAndGet());
        return await(RedisStatsStore.connect(vertx, settings));
    }
}
