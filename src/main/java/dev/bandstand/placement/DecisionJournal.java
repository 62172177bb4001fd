package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.DsJsonWriter;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.store.PendingDecision;
import dev.bandstand.store.RewardOutcome;
import dev.bandstand.store.Slot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What the engine keeps about decisions beyond the statistics: the decision log and the
 * keyed hashes that stand for user ids.
 *
 * <p>At decision time the journal renders the decision's log payload, which travels with the
 * pending decision through the store ({@link PendingDecision#log()}): the user key on the
 * first line ({@code u:<key>}, or {@code u:} without a user), then one DSJson line per slot
 * without a reward. A one-slot decision has one line with every candidate. A slate has one
 * line per slot, with the candidates still open at that slot and their conditional
 * probabilities (the slot-by-slot draw), the chosen one first; its event id is the
 * decision's with {@code /k} appended (k the 0-based slot). Each line names how the decision
 * was served: {@code c._variant} (the experiment variant, absent outside an experiment) and
 * {@code c._mode} ({@code policy}, {@code best} or {@code baseline}). When a slot's reward is
 * joined, or the decision expires, the slot's line gets the reward (or stays
 * {@code _skipLearn}) and goes to the {@link DecisionLogWriter}, off the event loop.
 *
 * <p>Thread-safe.
 */
public final class DecisionJournal {

    /** The mode a line names when the request asked for none: the policy's own choice. */
    static final String POLICY_MODE = "policy";

    private final UserKeys keys;
    private final DecisionLogWriter writer;
    private final DsJsonWriter dsjson = new DsJsonWriter();

    private DecisionJournal(UserKeys keys, DecisionLogWriter writer) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.writer = writer;
    }

    /** A journal that logs nothing and only hashes user ids. */
    public static DecisionJournal off(UserKeys keys) {
        return new DecisionJournal(keys, null);
    }

    /** A journal that writes the decision log with {@code writer}. */
    public static DecisionJournal writingTo(DecisionLogWriter writer, UserKeys keys) {
        return new DecisionJournal(keys, Objects.requireNonNull(writer, "writer"));
    }

    /** The keyed hashes of user ids. */
    public UserKeys keys() {
        return keys;
    }

    /** True when decisions are logged. */
    public boolean logging() {
        return writer != null;
    }

    /**
     * The log payload of a decision, or null when the log is off.
     *
     * @param userId the raw user id or null; only its key is kept
     */
    // TODO(slates): a large slate repeats its open candidates on each slot's line, rendered
    // on the event loop; VW's CCB shape would write them once
    String payload(String eventId, Instant at, Context context, List<Arm> candidates,
            Placement.Slate slate, String userId) {
        if (writer == null) {
            return null;
        }
        String userKey = userId == null ? null : keys.key(userId);
        Serving serving = slate.serving();
        DsJsonWriter.Tags tags = new DsJsonWriter.Tags(userKey, serving.variant(),
                serving.mode() == null ? POLICY_MODE : serving.mode());
        StringBuilder out = new StringBuilder(1024);
        out.append("u:").append(userKey == null ? "" : userKey);
        boolean single = slate.draws().size() == 1;
        for (int k = 0; k < slate.draws().size(); k++) {
            Placement.SlotDraw draw = slate.draws().get(k);
            List<Arm> open = new ArrayList<>(draw.open().length);
            double[] p = new double[draw.open().length];
            for (int i = 0; i < p.length; i++) {
                open.add(candidates.get(draw.open()[i]));
                p[i] = Math.min(1.0, draw.probabilities()[i]);
            }
            String id = single ? eventId : eventId + "/" + k;
            LoggedDecision line = new LoggedDecision(id, at, context, open, draw.drawn(), p,
                    null, Long.toString(slate.version()));
            out.append('\n').append(dsjson.line(line, tags));
        }
        return out.toString();
    }

    /**
     * Logs a settled slot: an applied reward (joined or default) with its label, a dropped
     * slot as {@code _skipLearn}. Nothing happens when the decision has no payload.
     */
    void settled(RewardOutcome outcome) {
        PendingDecision decision = outcome.decision();
        if (writer == null || decision == null || decision.log() == null
                || outcome.slot() == null) {
            return;
        }
        int k = indexOf(decision.slots(), outcome.slot());
        String payload = decision.log();
        boolean applied = outcome.status() == RewardOutcome.Status.APPLIED;
        double reward = outcome.reward();
        writer.offer(decision.placement(), () -> {
            String line = payload.split("\n", -1)[k + 1];
            return applied ? dsjson.rewarded(line, reward) : line;
        });
    }

    /**
     * Erases every log line carrying {@code userKey}; completes on the caller's Vert.x
     * context when there is one.
     */
    Future<Integer> forget(String userKey) {
        if (writer == null) {
            return Future.succeededFuture(0);
        }
        CompletionStage<Integer> erased = writer.forget(userKey);
        io.vertx.core.Context ctx = Vertx.currentContext();
        return ctx == null ? Future.fromCompletionStage(erased)
                : Future.fromCompletionStage(erased, ctx);
    }

    private static int indexOf(List<Slot> slots, Slot slot) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).armId().equals(slot.armId())) {
                return i;
            }
        }
        throw new IllegalStateException("slot " + slot.armId() + " is not in its decision");
    }
}
