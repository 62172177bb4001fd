package dev.bandstand.api;

import dev.bandstand.store.StatsStore;
import io.vertx.core.VertxOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * What a {@link Server} takes beyond the configuration file: for production the defaults, for
 * tests a clock they move, a fixed seed, and one instance so that draws are reproducible.
 *
 * @param clock the time decisions are made and expire at
 * @param seed seed of the random generators; verticle instance {@code i} uses
 *     {@code seed + i}
 * @param instances HTTP verticle instances, at least 1
 * @param store the statistics store to use, or null to open the one the settings name
 */
public record ServerOptions(Clock clock, long seed, int instances, StatsStore store) {

    /** Checks the values. */
    public ServerOptions {
        Objects.requireNonNull(clock, "clock");
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1: " + instances);
        }
    }

    /** System clock, a random seed, one instance per default event loop, configured store. */
    public static ServerOptions defaults() {
        return new ServerOptions(Clock.systemUTC(), new SecureRandom().nextLong(),
                VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, null);
    }

    /** A copy with another clock and seed, and a single instance: for reproducible tests. */
    public static ServerOptions forTests(Clock clock, long seed) {
        return new ServerOptions(clock, seed, 1, null);
    }

    /** A copy using {@code store} instead of the one the settings name. */
    public ServerOptions withStore(StatsStore store) {
        return new ServerOptions(clock, seed, instances, store);
    }
}
