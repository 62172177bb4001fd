package dev.bandstand.store;

/**
 * The store does not hold the event now, but may hold it soon: an instance sharing the store
 * is writing decisions it buffered during an outage, or may still be about to. Not a failure
 * of the store, and not proof that the event does not exist: the caller should retry later
 * rather than drop what it meant to join. The HTTP API answers 503 with Retry-After.
 */
public final class EventMaybePendingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String eventId;

    /**
     * @param eventId the event not found
     * @param reason why it may still come, naming the instance when known
     */
    public EventMaybePendingException(String eventId, String reason) {
        super("event " + eventId + " is not in the store yet and may still come: " + reason,
                null, false, false);
        this.eventId = eventId;
    }

    /** The event not found. */
    public String eventId() {
        return eventId;
    }
}
