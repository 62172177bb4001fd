package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for the HTTP tests: no test waits a fixed time for something to happen. */
final class Waits {

    private static final long POLL_MS = 50;

    private Waits() {
    }

    /** Polls {@code condition} every 50 ms until it holds; fails the test after {@code most}. */
    static void until(Duration most, BooleanSupplier condition) {
        long deadline = System.nanoTime() + most.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", most).isLessThan(deadline);
            pause();
        }
    }

    /** One poll interval. */
    static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
