package dev.bandstand.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store on one redis-server passes the store contract; each test gets a prefix. */
class RedisStatsStoreIT extends StatsStoreContract {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    @Override
    protected StatsStore newStore() throws Exception {
        return REDIS.connect("contract");
    }
}
