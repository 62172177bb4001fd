package dev.bandstand.placement;

import java.util.Objects;

/**
 * A request the service refuses, with everything the client needs to see why: the HTTP
 * status, a stable code, the JSON path of the offending field, and a message.
 *
 * <p>Thrown (or carried by a failed future) by the request parsers and by {@link Placements};
 * one failure handler turns it into the error body {@code {"error":{"code","message","field"}}}.
 * Nothing was changed by a request that ends in a rejection.
 */
public final class Rejection extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final int retryAfter;

    /**
     * A rejection.
     *
     * @param status HTTP status, 4xx or 503
     * @param code stable upper-case code such as {@code UNKNOWN_EVENT}
     * @param field JSON path of the offending field such as {@code candidates[3].id}, or null
     * @param message what went wrong, naming the value where it helps
     */
    public Rejection(int status, String code, String field, String message) {
        this(status, code, field, message, 0);
    }

    /**
     * A rejection the client may retry after {@code retryAfter} seconds (the
     * {@code Retry-After} header), or any time for 0.
     */
    public Rejection(int status, String code, String field, String message, int retryAfter) {
        super(message, null, false, false);
        if (retryAfter < 0) {
            throw new IllegalArgumentException("retryAfter must be >= 0: " + retryAfter);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** A 400 for a bad value in {@code field}. */
    public static Rejection badRequest(String code, String field, String message) {
        return new Rejection(400, code, field, message);
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** Stable code, such as {@code UNKNOWN_EVENT}. */
    public String code() {
        return code;
    }

    /** JSON path of the offending field, or null when the request as a whole is at fault. */
    public String field() {
        return field;
    }

    /** Seconds after which a retry may succeed, for the {@code Retry-After} header; 0 for none. */
    public int retryAfter() {
        return retryAfter;
    }
}
