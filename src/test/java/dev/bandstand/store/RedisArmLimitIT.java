package dev.bandstand.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store checks an added arm against the limit inside the arms script. */
class RedisArmLimitIT extends ArmLimitContract {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    @Override
    protected StatsStore newStore() throws Exception {
        return REDIS.connect("limit");
    }
}
