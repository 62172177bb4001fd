package dev.bandstand.store;

import static dev.bandstand.store.StatsStoreContract.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A new, empty store for each test of a store contract, closed after it. */
public abstract class StoreFixture {

    /** The store under test; set before each test. */
    protected StatsStore store;

    /** A new, empty store. */
    protected abstract StatsStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        await(store.close());
    }
}
