package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.CcbWriter;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.DsJsonWriter;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.LoggedSlate;
import dev.bandstand.store.PendingDecision;
import dev.bandstand.store.RewardOutcome;
import dev.bandstand.store.Slot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine keeps about decisions beyond the statistics: the decision log and the
 * keyed hashes that stand for user ids.
 *
 * <p>At decision time the journal renders the decision's log payload, which travels with the
 * pending decision through the store ({@link PendingDecision#log()}): the user key on the
 * first line ({@code u:<key>}, or {@code u:} without a user), then the decision's DSJson line
 * without a reward. A one-slot decision has a contextual-bandit line with every candidate;
 * when its reward is joined, or it expires, the line gets the reward (or stays
 * {@code _skipLearn}). Each line names how the decision was served: {@code c._variant} (the
 * experiment variant, absent outside an experiment) and {@code c._mode} ({@code policy},
 * {@code best} or {@code baseline}). A slate has one CCB line ({@link CcbWriter}): the
 * candidates once, and per slot the candidates still open there and their conditional
 * probabilities (the slot-by-slot draw), the chosen one first, under the slot id
 * {@code <event id>/k}. Its slots' rewards are gathered as they settle, and the line goes out
 * once all have. Lines go to the {@link DecisionLogWriter}, rendered off the event loop.
 *
 * <p>A reward accepted before the end of the wait but joined after the sweep settled its slot
 * ({@link RewardOutcome#late()}) is logged as any reward, and so are the earlier slots it
 * reached under the cascade rule ({@link RewardOutcome#reached()}): each once, with the
 * default reward, as the sweep would have logged it. A slot settled twice while its slate
 * gathers keeps the later outcome. A reward an outage buffer held is logged once the store
 * has written it ({@link dev.bandstand.store.StatsStore#onBufferedRewardApplied}), as any
 * reward: an instance does not sweep while its buffer holds work, so the decision's line
 * waits for it, unless another instance settled the decision meanwhile and logged its line;
 * the reward is late then, and goes out on a line of its own.
 *
 * <p>Limitations: with several instances sharing a store, slots of one slate may settle on
 * different instances; each instance then writes the slate when its decision has expired
 * (see {@link #flushExpired}), labelling only the slots it saw, so such a slate can appear
 * on several lines. So can a slate whose line went out at the sweep before a late reward
 * came: the late reward and the slots it reached go out on a line of their own.
 *
 * <p>Thread-safe.
 */
public final class DecisionJournal {

    /** The mode a line names when the request asked for none: the policy's own choice. */
    static final String POLICY_MODE = "policy";

    private final UserKeys keys;
    private final DecisionLogWriter writer;
    /** Keys of people forgotten while this process runs: their later lines are not written. */
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final DsJsonWriter dsjson = new DsJsonWriter();
    private final CcbWriter ccb = new CcbWriter();
    /** Slates with a slot settled here and another not yet, by event id. */
    private final Map<String, Gathered> gathering = new ConcurrentHashMap<>();

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
     * True when the decision log is on and its last write failed: lines are being lost (disk
     * full, directory gone) until a write succeeds again.
     */
    public boolean failing() {
        return writer != null && writer.failing();
    }

    /**
     * The log payload of a decision, or null when the log is off.
     *
     * @param userId the raw user id or null; only its key is kept
     */
    String payload(String eventId, Instant at, Context context, List<Arm> candidates,
            Placement.Slate slate, String userId) {
        if (writer == null) {
            return null;
        }
        String userKey = userId == null ? null : keys.key(userId);
        Serving serving = slate.serving();
        DsJsonWriter.Tags tags = new DsJsonWriter.Tags(userKey, serving.variant(),
                serving.mode() == null ? POLICY_MODE : serving.mode());
        String head = "u:" + (userKey == null ? "" : userKey) + "\n";
        String version = Long.toString(slate.version());
        if (slate.draws().size() == 1) {
            Placement.SlotDraw draw = slate.draws().get(0);
            List<Arm> open = new ArrayList<>(draw.open().length);
            double[] p = new double[draw.open().length];
            for (int i = 0; i < p.length; i++) {
                open.add(candidates.get(draw.open()[i]));
                p[i] = Math.min(1.0, draw.probabilities()[i]);
            }
            return head + dsjson.line(new LoggedDecision(eventId, at, context, open,
                    draw.drawn(), p, null, version), tags);
        }
        List<LoggedSlate.Position> positions = new ArrayList<>(slate.draws().size());
        for (Placement.SlotDraw draw : slate.draws()) {
            int n = draw.open().length;
            int[] actions = new int[n];
            double[] p = new double[n];
            // the chosen candidate first, then the other open ones in candidate order
            int j = draw.drawn();
            int k = 0;
            actions[k] = draw.open()[j];
            p[k++] = Math.min(1.0, draw.probabilities()[j]);
            for (int i = 0; i < n; i++) {
                if (i != j) {
                    actions[k] = draw.open()[i];
                    p[k++] = Math.min(1.0, draw.probabilities()[i]);
                }
            }
            positions.add(new LoggedSlate.Position(actions, p, null));
        }
        return head + ccb.line(new LoggedSlate(eventId, at, context, candidates, positions,
                version), tags);
    }

    /**
     * Logs a settled slot, and the slots its reward {@linkplain RewardOutcome#reached()
     * reached}. A one-slot decision's line goes out at once: with its reward (joined or
     * default), or as {@code _skipLearn} when dropped. A slate's slots are gathered until
     * every slot of it has settled here, then its CCB line goes out with the rewards of the
     * slots that got one. Nothing happens when the decision has no payload.
     */
    void settled(RewardOutcome outcome) {
        PendingDecision decision = outcome.decision();
        if (writer == null || decision == null || decision.log() == null
                || outcome.slot() == null || forgottenIn(decision.log())) {
            return;
        }
        String payload = decision.log();
        if (decision.slots().size() == 1) {
            Double reward = rewardOf(outcome);
            writer.offer(decision.placement(), () -> {
                String line = payload.substring(payload.indexOf('\n') + 1);
                return reward != null ? dsjson.rewarded(line, reward) : line;
            });
            return;
        }
        Gathered g = gathering.computeIfAbsent(decision.eventId(),
                id -> new Gathered(decision));
        boolean complete = false;
        for (RewardOutcome reached : outcome.reached()) {
            complete |= g.settle(indexOf(decision.slots(), reached.slot()), rewardOf(reached));
        }
        complete |= g.settle(indexOf(decision.slots(), outcome.slot()), rewardOf(outcome));
        if (complete && gathering.remove(decision.eventId(), g)) {
            write(g);
        }
    }

    /** The reward a slot's line carries: null when it got none. */
    private static Double rewardOf(RewardOutcome outcome) {
        return outcome.status() == RewardOutcome.Status.APPLIED ? outcome.reward() : null;
    }

    /**
     * Writes the slates still gathering whose decision expired before {@code now} minus
     * {@code grace}: slots settled by another instance sharing the store never reach this
     * one, so such a slate goes out with the rewards this instance saw.
     *
     * @return the number of slates written
     */
    // TODO(slates): slots of one slate settled on different instances, or by a late reward
    // after its line went out, are logged in parts: no instance knows when the last one settles
    int flushExpired(Instant now, Duration grace) {
        int written = 0;
        for (Gathered g : gathering.values()) {
            if (g.decision.expiresAt().plus(grace).isBefore(now)
                    && gathering.remove(g.decision.eventId(), g)) {
                write(g);
                written++;
            }
        }
        return written;
    }

    private void write(Gathered g) {
        String payload = g.decision.log();
        Double[] rewards = g.rewards();
        writer.offer(g.decision.placement(),
                () -> ccb.rewarded(payload.substring(payload.indexOf('\n') + 1), rewards));
    }

    /** A slate's rewards, until every slot has settled. Thread-safe. */
    private static final class Gathered {
        private final PendingDecision decision;
        private final Double[] rewards;
        private final boolean[] settled;
        private int left;

        Gathered(PendingDecision decision) {
            this.decision = decision;
            this.rewards = new Double[decision.slots().size()];
            this.settled = new boolean[rewards.length];
            this.left = rewards.length;
        }

        /**
         * Records slot k's reward (null: none), replacing one recorded before; true for the
         * call that settles the last slot still open.
         */
        synchronized boolean settle(int k, Double reward) {
            rewards[k] = reward;
            if (settled[k]) {
                return false;
            }
            settled[k] = true;
            left--;
            return left == 0;
        }

        synchronized Double[] rewards() {
            return rewards.clone();
        }
    }

    /**
     * Erases every log line carrying {@code userKey}; completes on the caller's Vert.x
     * context when there is one.
     */
    Future<Integer> forget(String userKey) {
        if (writer == null) {
            return Future.succeededFuture(0);
        }
        forgotten.add(userKey);
        String head = "u:" + userKey + "\n";
        gathering.values().removeIf(g -> g.decision.log().startsWith(head));
        CompletionStage<Integer> erased = writer.forget(userKey);
        io.vertx.core.Context ctx = Vertx.currentContext();
        return ctx == null ? Future.fromCompletionStage(erased)
                : Future.fromCompletionStage(erased, ctx);
    }

    /**
     * Forgets a person another instance was asked to forget, unless this journal already
     * did: the log files are rewritten once per person.
     */
    Future<Integer> forgetAnnounced(String userKey) {
        if (writer == null || forgotten.contains(userKey)) {
            return Future.succeededFuture(0);
        }
        return forget(userKey);
    }

    private boolean forgottenIn(String payload) {
        if (forgotten.isEmpty()) {
            return false;
        }
        int end = payload.indexOf('\n');
        return forgotten.contains(payload.substring(2, end < 0 ? payload.length() : end));
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
