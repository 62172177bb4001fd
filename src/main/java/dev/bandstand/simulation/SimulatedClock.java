package dev.bandstand.simulation;

import dev.bandstand.policy.Forgetting;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The engine's clock in a simulation: it shows the simulated time the run last set, so that
 * reward waits, expiry and forgetting follow the simulated rounds, not the wall clock. One
 * per run; set and read on the run's thread.
 */
final class SimulatedClock extends Clock {

    // starts at the forgetting epoch, where the engine checks a half-life's range at creation
    private volatile Instant now = Forgetting.DEFAULT_EPOCH;

    /** Moves the clock to {@code instant}. */
    void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
