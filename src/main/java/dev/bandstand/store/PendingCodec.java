package dev.bandstand.store;

import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.TaggedUpdate;
import dev.bandstand.policy.Update;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact byte form of a pending decision in Redis, read by Java and by the Lua scripts.
 *
 * <p>Layout: byte 0 is the slot count {@code k} (1..255); bytes 1..k hold one state byte per
 * slot ({@link #WAITING}, {@link #REWARDED}, {@link #DEFAULTED}, {@link #DROPPED}) that the
 * scripts flip in place with SETRANGE; the rest is one MessagePack array
 * {@code [decidedSec, decidedNano, waitSec, waitNano, weight, defaultReward|false, log|false,
 * slot...]}. A tabular slot is {@code [arm, probability, bucket...]} where a bucket that is a
 * byte prefix of the bucket before it is written as its length (back-off keys are usually
 * prefixes of the finer ones); a linear slot is {@code [arm, probability, [x...]]}. A slot with
 * a {@link TaggedUpdate} inserts {@code trains, group} after the probability:
 * {@code [arm, probability, true|false, group, bucket... | [x...]]} (a boolean third element
 * tells it apart). Event id and placement are not stored: they are in the key.
 *
 * <p>The reward script appends, after the array, the pair {@code slot (1-based), reward} of
 * each reward it applies (the normalised value), so that a later reward for the slot can
 * tell whether it carried the same value; a pending decision has none.
 */
final class PendingCodec {

    /** Slot state: waiting for its reward. */
    static final byte WAITING = '0';
    /** Slot state: its reward was applied. */
    static final byte REWARDED = '1';
    /** Slot state: the default reward was applied at expiry. */
    static final byte DEFAULTED = '2';
    /** Slot state: dropped at expiry without a reward. */
    static final byte DROPPED = '3';

    private static final int MAX_SLOTS = 255;
    private static final int HEADER_FIELDS = 7;

    private PendingCodec() {
    }

    /** Encodes {@code decision} with every slot waiting. */
    static byte[] encode(PendingDecision decision) {
        int k = decision.slots().size();
        if (k > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be at most " + MAX_SLOTS + ": " + k);
        }
        Duration wait = Duration.between(decision.decidedAt(), decision.expiresAt());
        MsgPack.Writer w = new MsgPack.Writer().raw(k);
        for (int i = 0; i < k; i++) {
            w.raw(WAITING);
        }

        w.array(HEADER_FIELDS + k)
                .integer(decision.decidedAt().getEpochSecond())
                .integer(decision.decidedAt().getNano())
                .integer(wait.getSeconds())
                .integer(wait.getNano())
                .number(decision.weight());
        if (decision.defaultReward() == null) {
            w.bool(false);
        } else {
            w.number(decision.defaultReward());
        }
        if (decision.log() == null) {
            w.bool(false);
        } else {
            w.string(decision.log());
        }

        for (Slot slot : decision.slots()) {
            writeSlot(w, slot);
        }
        return w.toByteArray();
    }

    private static void writeSlot(MsgPack.Writer w, Slot slot) {
        Update update = slot.update();
        int tag = 0;
        if (update instanceof TaggedUpdate g) {
            update = g.inner();
            tag = 2;
        }
        if (update instanceof TabularUpdate t) {
            List<String> buckets = t.bucketKeys();
            w.array(2 + tag + buckets.size()).string(slot.armId()).number(slot.probability());
            writeTag(w, slot.update());
            byte[] previous = null;
            for (String bucket : buckets) {
                byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
                if (previous != null && isPrefix(b, previous)) {
                    w.integer(b.length);
                } else {
                    w.string(bucket);
                }
                previous = b;
            }
        } else if (update instanceof LinearUpdate l) {
            double[] x = l.x();
            w.array(3 + tag).string(slot.armId()).number(slot.probability());
            writeTag(w, slot.update());
            w.array(x.length);
            for (double v : x) {
                w.number(v);
            }
        }
    }

    private static void writeTag(MsgPack.Writer w, Update update) {
        if (update instanceof TaggedUpdate g) {
            w.bool(g.trains()).string(g.group());
        }
    }

    private static boolean isPrefix(byte[] prefix, byte[] of) {
        return prefix.length <= of.length
                && Arrays.equals(prefix, 0, prefix.length, of, 0, prefix.length);
    }

    /** Decodes a stored decision; the slot states are ignored. */
    static PendingDecision decode(String eventId, String placement, byte[] raw) {
        int k = raw[0] & 0xff;
        List<?> d = (List<?>) new MsgPack.Reader(raw, 1 + k).value();
        Instant decidedAt = Instant.ofEpochSecond((Long) d.get(0), (Long) d.get(1));
        Instant expiresAt = decidedAt.plusSeconds((Long) d.get(2)).plusNanos((Long) d.get(3));
        double weight = MsgPack.asDouble(d.get(4));
        Object dflt = d.get(5);
        Double defaultReward = dflt instanceof Number n ? n.doubleValue() : null;
        Object log = d.get(6);

        List<Slot> slots = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            slots.add(readSlot((List<?>) d.get(HEADER_FIELDS + i)));
        }
        return new PendingDecision(eventId, placement, decidedAt, expiresAt, weight,
                defaultReward, slots, log instanceof String s ? s : null);
    }

    private static Slot readSlot(List<?> s) {
        String arm = (String) s.get(0);
        double p = MsgPack.asDouble(s.get(1));
        if (s.size() > 2 && s.get(2) instanceof Boolean trains) {
            Update inner = readUpdate(arm, s, 4);
            return new Slot(arm, p, new TaggedUpdate((String) s.get(3), trains, inner));
        }
        return new Slot(arm, p, readUpdate(arm, s, 2));
    }

    /** The tabular or linear recipe held in {@code s} from index {@code from} on. */
    private static Update readUpdate(String arm, List<?> s, int from) {
        if (s.size() == from + 1 && s.get(from) instanceof List<?> xs) {
            double[] x = new double[xs.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = MsgPack.asDouble(xs.get(i));
            }
            return new LinearUpdate(arm, x);
        }
        List<String> buckets = new ArrayList<>(s.size() - from);
        byte[] previous = null;
        for (int i = from; i < s.size(); i++) {
            Object b = s.get(i);
            String bucket = b instanceof Long len
                    ? new String(previous, 0, len.intValue(), StandardCharsets.UTF_8)
                    : (String) b;
            buckets.add(bucket);
            previous = bucket.getBytes(StandardCharsets.UTF_8);
        }
        return new TabularUpdate(arm, buckets);
    }

    /**
     * The normalised reward applied to slot {@code index} (0-based), as the reward script
     * appended it, or NaN when the record holds none (not rewarded, or written before rewards
     * were kept).
     */
    static double appliedReward(byte[] raw, int index) {
        MsgPack.Reader r = new MsgPack.Reader(raw, 1 + (raw[0] & 0xff));
        r.value();
        while (r.more()) {
            long slot = (Long) r.value();
            double reward = MsgPack.asDouble(r.value());
            if (slot == index + 1) {
                return reward;
            }
        }
        return Double.NaN;
    }

    /** The state byte of slot {@code index} (0-based). */
    static byte state(byte[] raw, int index) {
        return raw[1 + index];
    }
}
