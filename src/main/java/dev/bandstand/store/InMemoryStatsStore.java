package dev.bandstand.store;

import dev.bandstand.policy.StatsFields;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The default {@link StatsStore}: statistics and pending decisions in this process only.
 *
 * <p>Safe to call from several threads (several event loops) at once. Every method finishes
 * its work before it returns, under short {@code synchronized} sections and never waiting on
 * I/O, and answers with an already completed future. Each decision has a small lock that
 * guards the state of its slots ({@link InMemoryEntry}), each placement has one that guards
 * its sums and version, the arms have theirs, and the deadline queue has its own; no section
 * holds two of them at once, so there is no lock ordering to get wrong.
 *
 * <p>A decision settled at expiry stays known as a tombstone for {@code tombstoneMargin}
 * beyond its expiry, so that a late reward is told {@link RewardOutcome.Status#EXPIRED}
 * rather than {@link RewardOutcome.Status#UNKNOWN_EVENT}. Tombstones are purged by
 * {@link #expireDue}.
 *
 * <p>A reward is judged by when it was accepted ({@code now}), as in the Redis store: one
 * accepted before the end of the wait but applied after a sweep settled its slot (it raced
 * the sweep) replaces the default reward or the drop, and is {@link RewardOutcome#late()};
 * under the cascade rule it also gives the default reward to the earlier slots the sweep
 * dropped as not reached ({@link RewardOutcome#reached()}).
 *
 * <p>Limitations: nothing survives a restart, and {@link #shared()} is false, so several
 * instances with this store each learn alone.
 */
public final class InMemoryStatsStore implements StatsStore {

    /** How long a settled decision is remembered after its expiry, unless told otherwise. */
    public static final Duration DEFAULT_TOMBSTONE_MARGIN = Duration.ofHours(1);

    // expiry then event id, read from fields copied into the entry: the queues compare often
    private static final Comparator<InMemoryEntry> BY_EXPIRY = (a, b) -> {
        int c = Long.compare(a.dueSeconds, b.dueSeconds);
        if (c == 0) {
            c = Integer.compare(a.dueNanos, b.dueNanos);
        }
        return c != 0 ? c : a.eventId.compareTo(b.eventId);
    };

    private static final int NO_ARM = -1;
    private static final int UNKNOWN_ARM = -2;

    private final Duration tombstoneMargin;
    private final Map<String, InMemoryEntry> events = new ConcurrentHashMap<>();
    private final Map<String, Sums> placements = new ConcurrentHashMap<>();
    private final ExpiryQueue<InMemoryEntry> deadlines = new ExpiryQueue<>(BY_EXPIRY);
    private final ExpiryQueue<InMemoryEntry> tombstones = new ExpiryQueue<>(BY_EXPIRY);
    private final InMemoryArms arms = new InMemoryArms();

    /** A store that remembers settled decisions for {@link #DEFAULT_TOMBSTONE_MARGIN}. */
    public InMemoryStatsStore() {
        this(DEFAULT_TOMBSTONE_MARGIN);
    }

    /**
     * A store that remembers settled decisions for {@code tombstoneMargin} past their expiry.
     *
     * @param tombstoneMargin zero or more
     */
    public InMemoryStatsStore(Duration tombstoneMargin) {
        Objects.requireNonNull(tombstoneMargin, "tombstoneMargin");
        if (tombstoneMargin.isNegative()) {
            throw new IllegalArgumentException("tombstoneMargin must not be negative: "
                    + tombstoneMargin);
        }
        this.tombstoneMargin = tombstoneMargin;
    }

    @Override
    public Future<Boolean> recordDecision(PendingDecision decision) {
        Objects.requireNonNull(decision, "decision");
        InMemoryEntry entry = new InMemoryEntry(decision);
        if (events.putIfAbsent(decision.eventId(), entry) != null) {
            return Future.succeededFuture(false);
        }

        apply(decision.placement(), sink -> {
            for (Slot slot : decision.slots()) {
                StatsFields.decided(slot.update(), decision.weight(), sink);
            }
        });
        synchronized (deadlines) {
            deadlines.add(entry);
        }
        return Future.succeededFuture(true);
    }

    @Override
    public Future<PendingDecision> decision(String eventId) {
        Objects.requireNonNull(eventId, "eventId");
        InMemoryEntry entry = events.get(eventId);
        return Future.succeededFuture(entry == null ? null : entry.decision);
    }

    @Override
    public Future<RewardOutcome> applyReward(
            String eventId, String armId, double reward, Instant now) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(now, "now");
        if (!(reward >= 0 && reward <= 1)) {
            return Future.failedFuture(
                    new IllegalArgumentException("reward must be in [0, 1]: " + reward));
        }
        InMemoryEntry entry = events.get(eventId);
        if (entry == null) {
            return Future.succeededFuture(new RewardOutcome(
                    RewardOutcome.Status.UNKNOWN_EVENT, null, null, Double.NaN, 0));
        }

        PendingDecision decision = entry.decision;
        int index = slotIndex(decision, armId);
        byte before = index < 0 ? InMemoryEntry.WAITING : entry.claim(index, now);
        RewardOutcome.Status refusal = refusal(index, before);
        if (refusal != null) {
            return Future.succeededFuture(new RewardOutcome(
                    refusal, decision, null, Double.NaN, version(decision.placement())));
        }

        List<RewardOutcome> reached = before == InMemoryEntry.DROPPED
                ? reach(entry, decision, index) : List.of();
        Slot slot = decision.slots().get(index);
        boolean trains = !arms.retired(decision.placement(), slot.armId());
        long version = apply(decision.placement(),
                sink -> rewarded(decision, slot, reward, before, trains, sink));
        return Future.succeededFuture(new RewardOutcome(RewardOutcome.Status.APPLIED, decision,
                slot, reward, version, trains, before != InMemoryEntry.WAITING, reached));
    }

    /** Why a reward is refused, from its slot index and its claim's answer; else null. */
    private static RewardOutcome.Status refusal(int index, byte claimed) {
        if (index == NO_ARM) {
            return RewardOutcome.Status.ARM_REQUIRED;
        }
        if (index == UNKNOWN_ARM) {
            return RewardOutcome.Status.UNKNOWN_ARM;
        }
        return claimed == InMemoryEntry.REWARDED ? RewardOutcome.Status.DUPLICATE
                : claimed == InMemoryEntry.TOO_LATE ? RewardOutcome.Status.EXPIRED : null;
    }

    /**
     * The increments of a reward for a slot in state {@code before}: it replaces the default
     * reward, or takes back the drop first, when expiry settled the slot before it came.
     */
    private static void rewarded(PendingDecision decision, Slot slot, double reward,
            byte before, boolean trains, StatsFields.Sink sink) {
        double w = decision.weight();
        if (before == InMemoryEntry.DEFAULTED) {
            if (trains) {
                StatsFields.redefaulted(slot.update(), reward, decision.defaultReward(), w, sink);
            } else {
                StatsFields.redefaultedRetired(slot.update(), reward, decision.defaultReward(),
                        sink);
            }
            return;
        }
        if (before == InMemoryEntry.DROPPED) {
            StatsFields.undropped(slot.update(), w, sink);
        }
        if (trains) {
            StatsFields.rewarded(slot.update(), reward, w, sink);
        } else {
            StatsFields.rewardedRetired(slot.update(), reward, w, sink);
        }
    }

    /**
     * Under the cascade rule, gives the default reward to the slots before {@code index} that
     * expiry dropped as not reached: a reward at {@code index} shows they were. Not to slots
     * of retired arms, and to none without a default reward.
     *
     * @return their outcomes, shaped as the sweep's
     */
    private List<RewardOutcome> reach(InMemoryEntry entry, PendingDecision decision, int index) {
        Double fallback = decision.defaultReward();
        if (fallback == null || index == 0) {
            return List.of();
        }
        boolean[] retired = retired(decision, index);
        List<RewardOutcome> out = new ArrayList<>();
        for (int i : entry.reach(index, retired)) {
            Slot slot = decision.slots().get(i);
            long version = apply(decision.placement(), sink -> {
                StatsFields.undropped(slot.update(), decision.weight(), sink);
                StatsFields.rewarded(slot.update(), fallback, decision.weight(), sink);
            });
            out.add(new RewardOutcome(
                    RewardOutcome.Status.APPLIED, decision, slot, fallback, version));
        }
        return out;
    }

    /** Per slot of {@code decision} before {@code end}, whether its arm is retired now. */
    private boolean[] retired(PendingDecision decision, int end) {
        boolean[] retired = new boolean[end];
        for (int i = 0; i < end; i++) {
            retired[i] = arms.retired(decision.placement(), decision.slots().get(i).armId());
        }
        return retired;
    }

    @Override
    public Future<List<RewardOutcome>> expireDue(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            return Future.failedFuture(
                    new IllegalArgumentException("limit must be at least 1: " + limit));
        }
        purgeTombstones(now);

        List<RewardOutcome> outcomes = new ArrayList<>();
        for (int settled = 0; settled < limit; settled++) {
            InMemoryEntry entry = nextDue(now);
            if (entry == null) {
                break;
            }
            PendingDecision decision = entry.decision;
            boolean defaulting = decision.defaultReward() != null;
            int k = decision.slots().size();
            boolean[] retired = defaulting ? retired(decision, k) : new boolean[k];
            for (InMemoryEntry.Settled slot : entry.settle(defaulting, retired)) {
                outcomes.add(settleSlot(decision, decision.slots().get(slot.index()),
                        slot.defaulted()));
            }
            synchronized (tombstones) {
                tombstones.add(entry);
            }
        }
        return Future.succeededFuture(outcomes);
    }

    @Override
    public Future<Integer> forgetUser(String userKey) {
        Objects.requireNonNull(userKey, "userKey");
        int changed = 0;
        for (InMemoryEntry entry : events.values()) {
            if (entry.forget(userKey)) {
                changed++;
            }
        }
        return Future.succeededFuture(changed);
    }

    @Override
    public Future<ArmAddition> addArm(String placement, String armId, String description,
            ArmLimit limit) {
        return Future.succeededFuture(arms.add(Objects.requireNonNull(placement, "placement"),
                Objects.requireNonNull(armId, "armId"),
                Objects.requireNonNull(description, "description"),
                Objects.requireNonNull(limit, "limit")));
    }

    @Override
    public Future<Void> retireArm(String placement, String armId) {
        arms.retire(Objects.requireNonNull(placement, "placement"),
                Objects.requireNonNull(armId, "armId"));
        return Future.succeededFuture();
    }

    @Override
    public Future<ArmRoster> arms(String placement) {
        return Future.succeededFuture(arms.snapshot(Objects.requireNonNull(placement)));
    }

    @Override
    public Future<StatsSnapshot> snapshot(String placement) {
        Objects.requireNonNull(placement, "placement");
        Sums sums = placements.get(placement);
        if (sums == null) {
            return Future.succeededFuture(new StatsSnapshot(0, Map.of()));
        }
        synchronized (sums) {
            Map<String, Double> values = new HashMap<>();
            sums.values.forEach((field, sum) -> values.put(field, sum.value));
            return Future.succeededFuture(new StatsSnapshot(sums.version, values));
        }
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    /** Index of the slot a reward names, or {@link #NO_ARM} or {@link #UNKNOWN_ARM}. */
    private static int slotIndex(PendingDecision decision, String armId) {
        List<Slot> slots = decision.slots();
        if (armId == null) {
            return slots.size() == 1 ? 0 : NO_ARM;
        }
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).armId().equals(armId)) {
                return i;
            }
        }
        return UNKNOWN_ARM;
    }

    /** Gives a slot settled at expiry its default reward, or drops it. */
    private RewardOutcome settleSlot(PendingDecision decision, Slot slot, boolean defaulted) {
        Double reward = decision.defaultReward();
        if (!defaulted) {
            long version = apply(decision.placement(),
                    sink -> StatsFields.dropped(slot.update(), decision.weight(), sink));
            return new RewardOutcome(
                    RewardOutcome.Status.DROPPED, decision, slot, Double.NaN, version);
        }
        long version = apply(decision.placement(),
                sink -> StatsFields.rewarded(slot.update(), reward, decision.weight(), sink));
        return new RewardOutcome(RewardOutcome.Status.APPLIED, decision, slot, reward, version);
    }

    private InMemoryEntry nextDue(Instant now) {
        synchronized (deadlines) {
            InMemoryEntry head = deadlines.peek();
            if (head == null || head.decision.expiresAt().isAfter(now)) {
                return null;
            }
            return deadlines.poll();
        }
    }

    private void purgeTombstones(Instant now) {
        Instant horizon = now.minus(tombstoneMargin);
        synchronized (tombstones) {
            while (!tombstones.isEmpty()
                    && !tombstones.peek().decision.expiresAt().isAfter(horizon)) {
                InMemoryEntry gone = tombstones.poll();
                events.remove(gone.decision.eventId(), gone);
            }
        }
    }

    /** Applies increments to a placement's sums as one step; returns the new version. */
    private long apply(String placement, Consumer<StatsFields.Sink> change) {
        Sums sums = placements.computeIfAbsent(placement, p -> new Sums());
        synchronized (sums) {
            change.accept(sums::add);
            sums.version++;
            return sums.version;
        }
    }

    private long version(String placement) {
        Sums sums = placements.get(placement);
        if (sums == null) {
            return 0;
        }
        synchronized (sums) {
            return sums.version;
        }
    }

    /** A placement's sums and version; guarded by its own monitor. */
    private static final class Sums {
        // one mutable sum per field: an increment boxes nothing
        final Map<String, Sum> values = new HashMap<>();
        long version;

        /** Adds {@code delta} to {@code field}: its first increment is its value. */
        void add(String field, double delta) {
            Sum sum = values.get(field);
            if (sum == null) {
                values.put(field, new Sum(delta));
            } else {
                sum.value += delta;
            }
        }
    }

    /** The running sum of one field. */
    private static final class Sum {
        double value;

        Sum(double value) {
            this.value = value;
        }
    }
}
