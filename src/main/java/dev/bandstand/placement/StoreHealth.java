package dev.bandstand.placement;

import dev.bandstand.store.StatsStore;
import dev.bandstand.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store answered its last call, and the one place store failures are turned into
 * a 503 and logged: at most one WARN per {@link #WARN_EVERY}, so that an outage does not flood
 * the log, and one INFO when the store answers again. A store that is
 * {@linkplain StatsStore#degraded() degraded} (its backend unreachable, work buffered) logs
 * its own outage and recovery: its failures are not warned about again here, and a call it
 * answered from its buffer is no recovery, so the store is back only once it is not degraded.
 * Thread-safe.
 */
final class StoreHealth {

    /** Shortest time between two WARN lines about store failures. */
    static final Duration WARN_EVERY = Duration.ofSeconds(30);
    /** Seconds a client is asked to wait before retrying a call the store could not take. */
    static final int RETRY_AFTER = 1;

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

    private final Clock clock;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);
    private volatile boolean up = true;

    StoreHealth(Clock clock) {
        this.clock = clock;
    }

    /** True unless the store's last call failed. */
    boolean up() {
        return up;
    }

    /**
     * Notes a store call that succeeded; logs the recovery once. A degraded store answered it
     * from its buffer, which tells nothing of its backend.
     */
    void succeeded(StatsStore store) {
        if (!up && !store.degraded()) {
            up = true;
            LOG.info("statistics store {} answers again", store.getClass().getSimpleName());
        }
    }

    /**
     * Notes a failed store call and turns its cause into what the client sees: a rejection
     * passes through unchanged, anything else becomes 503 {@code STORE_UNAVAILABLE}, its
     * message the {@linkplain StoreUnavailableException#reason() reason} the store gave, if any.
     */
    Throwable failed(StatsStore store, Throwable cause) {
        if (cause instanceof Rejection) {
            return cause;
        }
        up = false;
        Instant now = clock.instant();
        Instant last = lastWarning.get();
        if (store.degraded()) {
            // the store announced its outage itself, once
            LOG.debug("statistics store {} degraded: {}", store.getClass().getSimpleName(),
                    String.valueOf(cause));
        } else if (last.plus(WARN_EVERY).isBefore(now)
                && lastWarning.compareAndSet(last, now)) {
            // the cause's message only: a client library's stack trace at every outage is noise
            LOG.warn("statistics store {} failed ({}); requests it could not take are refused "
                    + "with 503 until it answers again: check its connection",
                    store.getClass().getSimpleName(), String.valueOf(cause));
            LOG.debug("statistics store failure", cause);
        }
        String reason = cause instanceof StoreUnavailableException u && u.reason() != null
                ? u.reason() : "the statistics store is unavailable";
        return new Rejection(503, "STORE_UNAVAILABLE", null, reason + "; retry later",
                RETRY_AFTER);
    }
}
