package dev.bandstand.store;

/** The in-memory store checks an added arm against the limit under the roster's lock. */
class InMemoryArmLimitTest extends ArmLimitContract {

    @Override
    protected StatsStore newStore() {
        return new InMemoryStatsStore();
    }
}
