package dev.bandstand.privacy;

import dev.bandstand.config.ConfigException;
import dev.bandstand.config.PrivacySettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a user id into the only form Bandstand keeps: its keyed hash, HMAC-SHA256 (RFC 2104,
 * FIPS 198-1) under a secret, as 64 lower-case hex digits. Without the secret the key cannot
 * be traced back to the id, nor can ids be guessed and hashed to find a person's lines.
 *
 * <p>The secret comes from {@code privacy.userIdSecret}, else from the environment variable
 * {@value PrivacySettings#SECRET_ENV}. When something is kept per user across processes (the
 * decision log), a missing secret or one shorter than {@value #MIN_SECRET_BYTES} bytes stops
 * start-up, since keys must stay the same across restarts and instances. Otherwise a random
 * secret is generated for this process, with a WARN: keys, and anything assigned by them,
 * then differ per instance and per restart.
 *
 * <p>Thread-safe: each call uses its own {@link Mac}.
 */
public final class UserKeys {

    /** The shortest accepted secret, in UTF-8 bytes. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(UserKeys.class);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec secret;
    private final boolean generated;

    private UserKeys(byte[] secret, boolean generated) {
        this.secret = new SecretKeySpec(secret, ALGORITHM);
        this.generated = generated;
    }

    /**
     * The keys for a process.
     *
     * @param settings the configured secret, if any
     * @param env the process environment (only {@value PrivacySettings#SECRET_ENV} is read)
     * @param required true when user keys are kept beyond this process (a decision log)
     * @param random source of a generated secret
     * @throws ConfigException naming {@code privacy.userIdSecret} when a required secret is
     *     missing or too short, or a configured one is too short
     */
    public static UserKeys resolve(PrivacySettings settings, Map<String, String> env,
            boolean required, SecureRandom random) {
        String configured = settings.userIdSecret() != null ? settings.userIdSecret()
                : env.get(PrivacySettings.SECRET_ENV);
        if (configured != null && !configured.isEmpty()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new ConfigException("privacy.userIdSecret", "must be at least "
                        + MIN_SECRET_BYTES + " bytes, was " + bytes.length + " bytes");
            }
            return new UserKeys(bytes, false);
        }
        if (required) {
            throw new ConfigException("privacy.userIdSecret", "is required when the decision "
                    + "log is on: set it or " + PrivacySettings.SECRET_ENV + " (at least "
                    + MIN_SECRET_BYTES + " bytes)");
        }
        LOG.warn("No privacy.userIdSecret or {}: user ids are hashed with a random secret of "
                + "this process, so the user keys kept in the store differ per instance and "
                + "restart (experiment assignments do not depend on it); set a shared secret",
                PrivacySettings.SECRET_ENV);
        return generated(random);
    }

    /** Keys under a random secret of this process, without the WARN of {@link #resolve}. */
    public static UserKeys generated(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new UserKeys(bytes, true);
    }

    /** Keys under an explicit secret of at least {@value #MIN_SECRET_BYTES} bytes. */
    public static UserKeys of(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, was " + secret.length);
        }
        return new UserKeys(secret.clone(), false);
    }

    /** True when the secret was generated for this process. */
    public boolean generated() {
        return generated;
    }

    /**
     * The key of {@code userId}: HMAC-SHA256 of its UTF-8 bytes, 64 lower-case hex digits.
     * The same id always gives the same key under the same secret.
     */
    public String key(String userId) {
        Objects.requireNonNull(userId, "userId");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            byte[] digest = mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "UserKeys[" + (generated ? "generated" : "configured") + " secret]";
    }
}
