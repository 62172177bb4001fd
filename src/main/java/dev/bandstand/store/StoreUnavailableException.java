package dev.bandstand.store;

/**
 * The store cannot accept this operation now: the shared store is unreachable and the bounded
 * buffer that would hold the operation until it returns is full. Nothing was recorded; the
 * caller may retry later. The HTTP API answers 503. Also the failure of a Redis store that
 * cannot reach Redis at start-up.
 */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What a client may be told, or null. */
    private final String reason;

    /**
     * @param message what was refused and why, such as the buffer bound
     * @param cause the last failure talking to the store, or null
     */
    public StoreUnavailableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message what was refused and why, for the log
     * @param reason why, in words a client may read (no paths, no internals), or null
     * @param cause the last failure talking to the store, or null
     */
    public StoreUnavailableException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why, in words a client may read; null when only the general answer fits. */
    public String reason() {
        return reason;
    }
}
