package dev.bandstand.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store on a three-master Cluster passes the store contract. */
class RedisClusterStatsStoreIT extends StatsStoreContract {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.cluster(3);

    @Override
    protected StatsStore newStore() throws Exception {
        return REDIS.connect("contract");
    }
}
