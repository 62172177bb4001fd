package dev.bandstand.store;

import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.TaggedUpdate;
import dev.bandstand.policy.Update;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Redis store checks before it writes and how it reads the scripts' replies: status
 * codes as the scripts number them, outcomes, snapshots, and which failures may pass.
 */
final class RedisReplies {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStatsStore.class);

    private static final RewardOutcome.Status[] STATUS = {null,
        RewardOutcome.Status.APPLIED, RewardOutcome.Status.DUPLICATE,
        RewardOutcome.Status.UNKNOWN_EVENT, RewardOutcome.Status.UNKNOWN_ARM,
        RewardOutcome.Status.EXPIRED, RewardOutcome.Status.ARM_REQUIRED,
        RewardOutcome.Status.DROPPED};

    /** The outcomes of one entry of the sweep script's reply. */
    static List<RewardOutcome> settledSlots(String placement, List<?> entry) {
        String eventId = new String((byte[]) entry.get(0), StandardCharsets.UTF_8);
        // TODO(orphans): a record that expired unsettled (no sweeper ran for UNSWEPT_GRACE) has
        // lost its recipe, so its pending counts cannot be taken back
        if (entry.size() == 1) {
            LOG.warn("Decision {} of placement {} was gone from Redis when swept, more than {}"
                    + " after its wait: if no instance settled it, its pending counts stay. Keep"
                    + " a sweeping instance running.", eventId, placement,
                    RedisStatsStore.UNSWEPT_GRACE);
            return List.of();
        }
        PendingDecision d = PendingCodec.decode(eventId, placement, (byte[]) entry.get(1));
        List<RewardOutcome> out = new ArrayList<>();
        for (int i = 2; i + 2 < entry.size(); i += 3) {
            Slot slot = d.slots().get(((Long) entry.get(i)).intValue() - 1);
            RewardOutcome.Status status = STATUS[((Long) entry.get(i + 1)).intValue()];
            double reward = status == RewardOutcome.Status.APPLIED ? d.defaultReward() : Double.NaN;
            out.add(new RewardOutcome(status, d, slot, reward, (Long) entry.get(i + 2)));
        }
        return out;
    }

    /** A snapshot from the sums hash; the version and layout fields are not sums. */
    static StatsSnapshot toSnapshot(Map<String, byte[]> fields) {
        long version = 0;
        Map<String, Double> sums = new HashMap<>(fields.size() * 2);
        for (Map.Entry<String, byte[]> f : fields.entrySet()) {
            String value = new String(f.getValue(), StandardCharsets.US_ASCII);
            if (f.getKey().equals(RedisKeys.VERSION_FIELD)) {
                version = Long.parseLong(value);
            } else if (!f.getKey().equals(RedisKeys.LAYOUT_FIELD)) {
                sums.put(f.getKey(), Double.parseDouble(value));
            }
        }
        return new StatsSnapshot(version, sums);
    }

    /** Connection loss, timeouts and server states that pass; not script or data errors. */
    static boolean transientFailure(Throwable error) {
        Throwable e = RedisScripts.unwrap(error);
        if (e instanceof RedisCommandExecutionException) {
            String m = String.valueOf(e.getMessage());
            for (String state : new String[] {"BUSY", "LOADING", "MASTERDOWN", "CLUSTERDOWN",
                "TRYAGAIN", "READONLY", "NOREPLICAS", "MOVED", "ASK", "OOM"}) {
                if (m.startsWith(state)) {
                    return true;
                }
            }
            return false;
        }
        return e instanceof RedisException || e instanceof IOException;
    }

    /** Refuses what the scripts could not store or add up. */
    static void check(PendingDecision d) {
        RedisKeys.checkPlacement(d.placement());
        if (d.eventId().isEmpty()) {
            throw new IllegalArgumentException("eventId must not be empty");
        }
        if (!(Double.isFinite(d.weight()) && d.weight() >= 0)) {
            throw new IllegalArgumentException("weight must be finite and >= 0: " + d.weight());
        }
        Double dflt = d.defaultReward();
        if (dflt != null && !(dflt >= 0 && dflt <= 1)) {
            throw new IllegalArgumentException("defaultReward must be in [0, 1]: " + dflt);
        }
        for (Slot s : d.slots()) {
            Update u = s.update() instanceof TaggedUpdate t ? t.inner() : s.update();
            if (u instanceof LinearUpdate l) {
                for (double x : l.x()) {
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException("x of arm " + s.armId()
                                + " must be finite: " + x);
                    }
                }
            }
        }
    }

    /**
     * The outcome of the reward script's reply {@code {status, version, slot, record?,
     * trained?, late?, reached?}}; a record left out (false, read as null) when the caller
     * holds it. A duplicate's reward is the one applied before, read from its record, or NaN.
     * Reached slots come as {@code {slot, default reward as text, version}} each.
     *
     * @param known the decision as this process holds it, used when the reply has no record
     */
    static RewardOutcome rewardOutcome(List<Object> reply, String eventId, String placement,
            double reward, PendingDecision known) {
        RewardOutcome.Status status = STATUS[((Long) reply.get(0)).intValue()];
        long version = (Long) reply.get(1);
        int slot = ((Long) reply.get(2)).intValue();
        PendingDecision d = reply.size() > 3 && reply.get(3) != null
                ? PendingCodec.decode(eventId, placement, (byte[]) reply.get(3))
                : known;
        if (status == RewardOutcome.Status.UNKNOWN_EVENT) {
            d = null;
        }
        boolean trained = reply.size() <= 4 || (Long) reply.get(4) == 1;
        if (status == RewardOutcome.Status.APPLIED) {
            boolean late = reply.size() > 5 && (Long) reply.get(5) == 1;
            List<RewardOutcome> reached = reply.size() > 6
                    ? reached(d, (List<?>) reply.get(6)) : List.of();
            return new RewardOutcome(status, d, d.slots().get(slot - 1), reward, version,
                    trained, late, reached);
        }
        double applied = status == RewardOutcome.Status.DUPLICATE && reply.get(3) != null
                ? PendingCodec.appliedReward((byte[]) reply.get(3), slot - 1) : Double.NaN;
        return new RewardOutcome(status, d, null, applied, version);
    }

    /** The slots a late reward reached, as the sweep's outcomes of their default reward. */
    private static List<RewardOutcome> reached(PendingDecision d, List<?> slots) {
        List<RewardOutcome> out = new ArrayList<>(slots.size());
        for (Object o : slots) {
            List<?> r = (List<?>) o;
            Slot slot = d.slots().get(((Long) r.get(0)).intValue() - 1);
            double reward = Double.parseDouble(
                    new String((byte[]) r.get(1), StandardCharsets.US_ASCII));
            out.add(new RewardOutcome(RewardOutcome.Status.APPLIED, d, slot, reward,
                    (Long) r.get(2)));
        }
        return out;
    }

    private RedisReplies() {
    }
}
