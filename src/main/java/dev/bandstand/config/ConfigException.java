package dev.bandstand.config;

/**
 * A configuration that cannot be used: an unknown key, a value of the wrong type or out of
 * range, an unknown policy or parameter, or an unreadable file. The message names the full
 * dotted key, such as {@code placements.artwork.policy.epsilon}, and the reason, on one line.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * A failure at {@code key}.
     *
     * @param key full dotted key, with {@code [i]} for list items; empty for the whole file
     * @param reason what is wrong, such as {@code must be in [0, 1], was 1.5}
     */
    public ConfigException(String key, String reason) {
        super(key.isEmpty() ? reason : key + ": " + reason);
        this.key = key;
    }

    /** The full dotted key the failure is at; empty when it concerns the whole file. */
    public String key() {
        return key;
    }
}
