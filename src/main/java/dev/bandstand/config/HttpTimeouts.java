package dev.bandstand.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the HTTP server waits on a client before it gives up on the connection.
 *
 * @param idle a connection on which nothing was read or written for this long is closed
 *     without an answer: an idle keep-alive connection, or a request whose head never
 *     finishes
 * @param body a request whose body has not arrived in full this long after its head was
 *     read is answered 408 and its connection closed; at most half of {@code idle}, so that
 *     the answer comes before the idle timeout closes the connection
 */
public record HttpTimeouts(Duration idle, Duration body) {

    /** Longest idle timeout: one day. */
    public static final Duration MAX_IDLE = Duration.ofDays(1);

    /** {@link Defaults#IDLE_TIMEOUT} and {@link Defaults#BODY_TIMEOUT}. */
    public static final HttpTimeouts DEFAULTS =
            new HttpTimeouts(Defaults.IDLE_TIMEOUT, Defaults.BODY_TIMEOUT);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a timeout is not positive, {@code idle} is longer
     *     than {@link #MAX_IDLE} or {@code body} longer than half of {@code idle}
     */
    public HttpTimeouts {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(body, "body");
        if (idle.isNegative() || idle.isZero() || body.isNegative() || body.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: idle " + idle
                    + ", body " + body);
        }
        if (idle.compareTo(MAX_IDLE) > 0) {
            throw new IllegalArgumentException("the idle timeout must be at most " + MAX_IDLE
                    + ", was " + idle);
        }
        if (body.multipliedBy(2).compareTo(idle) > 0) {
            throw new IllegalArgumentException("the body timeout (" + body
                    + ") must be at most half of the idle timeout (" + idle + ")");
        }
    }
}
