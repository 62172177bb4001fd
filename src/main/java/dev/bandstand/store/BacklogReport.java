package dev.bandstand.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buffered rewards of an outage backlog that changed nothing when written, gathered while
 * the backlog is written and logged as one WARN once it is, not one line per event: those
 * that found their slot rewarded already (by a retry, or through another instance; the reward
 * written first stays), told apart by whether the value applied is the same, and those not
 * applied for another reason (expired, unknown event or arm). Each kind with its count and
 * its first event ids. Thread-safe.
 */
final class BacklogReport {

    /** Event ids named per kind. */
    static final int NAMED = 5;

    // under the store's name, where operators read every other outage line
    private static final Logger LOG = LoggerFactory.getLogger(RedisStatsStore.class);

    /** Why a buffered reward changed nothing, in the order the report tells them. */
    private enum Kind {
        SAME("with the same value"),
        OTHER("with another value"),
        NOT_KEPT("with a value Redis did not keep"),
        EXPIRED("came after the end of the wait"),
        UNKNOWN_EVENT("named an event Redis does not hold"),
        UNKNOWN_ARM("named an arm its event did not choose"),
        ARM_REQUIRED("named no arm of a slate");

        final String text;

        Kind(String text) {
            this.text = text;
        }

        boolean duplicate() {
            return ordinal() <= NOT_KEPT.ordinal();
        }
    }

    private record Tally(int count, List<String> named) {
    }

    private final Map<Kind, Tally> kinds = new EnumMap<>(Kind.class);

    /** Notes what became of a buffered reward; an applied one is not reported. */
    void add(Outbox.Reward op, RewardOutcome outcome) {
        Kind kind = switch (outcome.status()) {
            case DUPLICATE -> Double.isNaN(outcome.reward()) ? Kind.NOT_KEPT
                    : outcome.reward() == op.reward() ? Kind.SAME : Kind.OTHER;
            case EXPIRED -> Kind.EXPIRED;
            case UNKNOWN_EVENT -> Kind.UNKNOWN_EVENT;
            case UNKNOWN_ARM -> Kind.UNKNOWN_ARM;
            case ARM_REQUIRED -> Kind.ARM_REQUIRED;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        String name = kind == Kind.OTHER ? op.eventId() + " (buffered " + op.reward()
                + ", applied " + outcome.reward() + ")" : op.eventId();
        synchronized (this) {
            Tally t = kinds.getOrDefault(kind, new Tally(0, new ArrayList<>()));
            if (t.named().size() < NAMED) {
                t.named().add(name);
            }
            kinds.put(kind, new Tally(t.count() + 1, t.named()));
        }
    }

    /**
     * Logs one WARN when any reward was noted since the last, and starts again.
     *
     * @param instance the id this instance marks its backlog with in Redis
     */
    void log(String instance) {
        Map<Kind, Tally> noted;
        synchronized (this) {
            if (kinds.isEmpty()) {
                return;
            }
            noted = new EnumMap<>(kinds);
            kinds.clear();
        }
        int total = 0;
        int duplicates = 0;
        List<String> twice = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Kind, Tally> e : noted.entrySet()) {
            Tally t = e.getValue();
            String part = t.count() + " " + e.getKey().text + ": " + t.named();
            total += t.count();
            if (e.getKey().duplicate()) {
                duplicates += t.count();
                twice.add(part);
            } else {
                parts.add(part);
            }
        }
        if (duplicates > 0) {
            parts.add(0, duplicates + " found their slot rewarded already, and the reward"
                    + " written first stays (" + String.join("; ", twice) + ")");
        }
        LOG.warn("Outage backlog of instance {} written; {} of its buffered rewards (accepted"
                + " during the outage) changed nothing: {}. Values are normalised to [0, 1]. A"
                + " reward sent twice (a retry, or to two instances) counts once; another value"
                + " means its senders disagree about the event: check them", instance, total,
                String.join("; ", parts));
    }
}
