package dev.bandstand.config;

/**
 * How user ids are protected.
 *
 * @param userIdSecret the key of the keyed hash that replaces every user id, or null to take
 *     it from the environment variable {@value #SECRET_ENV}; never logged
 */
public record PrivacySettings(String userIdSecret) {

    /** The environment variable read when {@code privacy.userIdSecret} is not set. */
    public static final String SECRET_ENV = "BANDSTAND_USER_ID_SECRET";

    /** No secret configured. */
    public static final PrivacySettings DEFAULTS = new PrivacySettings(null);

    /** Hides the secret. */
    @Override
    public String toString() {
        return "PrivacySettings[userIdSecret=" + (userIdSecret == null ? "none" : "***") + "]";
    }
}
