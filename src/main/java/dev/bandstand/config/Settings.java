package dev.bandstand.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole configuration of one Bandstand process, as loaded from
 * {@code conf/bandstand.yaml} (or the file given with {@code --config}) and checked.
 *
 * @param host address the HTTP server binds
 * @param port HTTP port
 * @param maxBodyBytes largest accepted request body
 * @param store where statistics live
 * @param partsOfDay named parts of the day
 * @param placements every placement, in file order, names unique
 * @param decisionLog the decision log, {@link DecisionLogSettings#OFF} when off
 * @param privacy how user ids are protected
 * @param timeouts how long the HTTP server waits on an idle connection or a slow body
 */
public record Settings(
        String host,
        int port,
        long maxBodyBytes,
        StoreSettings store,
        PartsOfDay partsOfDay,
        List<PlacementSettings> placements,
        DecisionLogSettings decisionLog,
        PrivacySettings privacy,
        HttpTimeouts timeouts) {

    /** Checks for nulls and copies the list. */
    public Settings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(partsOfDay, "partsOfDay");
        placements = List.copyOf(placements);
        Objects.requireNonNull(decisionLog, "decisionLog");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** Settings with {@link HttpTimeouts#DEFAULTS}. */
    public Settings(String host, int port, long maxBodyBytes, StoreSettings store,
            PartsOfDay partsOfDay, List<PlacementSettings> placements,
            DecisionLogSettings decisionLog, PrivacySettings privacy) {
        this(host, port, maxBodyBytes, store, partsOfDay, placements, decisionLog, privacy,
                HttpTimeouts.DEFAULTS);
    }

    /** Settings without a decision log and without a configured user id secret. */
    public Settings(String host, int port, long maxBodyBytes, StoreSettings store,
            PartsOfDay partsOfDay, List<PlacementSettings> placements) {
        this(host, port, maxBodyBytes, store, partsOfDay, placements, DecisionLogSettings.OFF,
                PrivacySettings.DEFAULTS);
    }

    /** These settings with another decision log and privacy section. */
    public Settings withLog(DecisionLogSettings log, PrivacySettings privacy) {
        return new Settings(host, port, maxBodyBytes, store, partsOfDay, placements, log,
                privacy, timeouts);
    }

    /** These settings with other HTTP timeouts. */
    public Settings withTimeouts(HttpTimeouts other) {
        return new Settings(host, port, maxBodyBytes, store, partsOfDay, placements,
                decisionLog, privacy, other);
    }

    /** The placement of that name, or null. */
    public PlacementSettings placement(String name) {
        for (PlacementSettings p : placements) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
