package dev.bandstand.store;

/** The in-memory store applies the cascade rule and keeps retired arms from training. */
class InMemoryCascadeAndArmsTest extends CascadeAndArmsContract {

    @Override
    protected StatsStore newStore() {
        return new InMemoryStatsStore();
    }
}
