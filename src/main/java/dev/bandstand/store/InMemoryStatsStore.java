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
 * guards the state of its slots (rewarded or not, settled at expiry or not), each placement
 * has one that guards its sums and version, and the deadline queue has its own; no section
 * holds two of them at once, so there is no lock ordering to get wrong.
 *
 * <p>A decision settled at expiry stays known as a tombstone for {@code tombstoneMargin}
 * beyond its expiry, so that a late reward is told {@link RewardOutcome.Status#EXPIRED}
 * rather than {@link RewardOutcome.Status#UNKNOWN_EVENT}. Tombstones are purged by
 * {@link #expireDue}.
 *
 * <p>Limitations: nothing survives a restart, and {@link #shared()} is false, so several
 * instances with this store each learn alone.
 */
public final class InMemoryStatsStore implements StatsStore {

    /** How long a settled decision is remembered after its expiry, unless told otherwise. */
    public static final Duration DEFAULT_TOMBSTONE_MARGIN = Duration.ofHours(1);

    // expiry then event id, read from fields copied into the entry: the queues compare often
    private static final Comparator<Entry> BY_EXPIRY = (a, b) -> {
        int c = Long.compare(a.dueSeconds, b.dueSeconds);
        if (c == 0) {
            c = Integer.compare(a.dueNanos, b.dueNanos);
        }
        return c != 0 ? c : a.eventId.compareTo(b.eventId);
    };

    private static final int NO_ARM = -1;
    private static final int UNKNOWN_ARM = -2;

    private final Duration tombstoneMargin;
    private final Map<String, Entry> events = new ConcurrentHashMap<>();
    private final Map<String, Sums> placements = new ConcurrentHashMap<>();
    private final ExpiryQueue<Entry> deadlines = new ExpiryQueue<>(BY_EXPIRY);
    private final ExpiryQueue<Entry> tombstones = new ExpiryQueue<>(BY_EXPIRY);
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
        Entry entry = new Entry(decision);
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
        Entry entry = events.get(eventId);
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
        Entry entry = events.get(eventId);
        if (entry == null) {
            return Future.succeededFuture(new RewardOutcome(
                    RewardOutcome.Status.UNKNOWN_EVENT, null, null, Double.NaN, 0));
        }

        PendingDecision decision = entry.decision;
        int index = slotIndex(decision, armId);
        RewardOutcome.Status refusal;
        if (index == NO_ARM) {
            refusal = RewardOutcome.Status.ARM_REQUIRED;
        } else if (index == UNKNOWN_ARM) {
            refusal = RewardOutcome.Status.UNKNOWN_ARM;
        } else {
            refusal = entry.claim(index, now);
        }
        if (refusal != null) {
            return Future.succeededFuture(new RewardOutcome(
                    refusal, decision, null, Double.NaN, version(decision.placement())));
        }

        Slot slot = decision.slots().get(index);
        boolean trains = !arms.retired(decision.placement(), slot.armId());
        long version = apply(decision.placement(), sink -> {
            if (trains) {
                StatsFields.rewarded(slot.update(), reward, decision.weight(), sink);
            } else {
                StatsFields.rewardedRetired(slot.update(), reward, decision.weight(), sink);
            }
        });
        return Future.succeededFuture(new RewardOutcome(
                RewardOutcome.Status.APPLIED, decision, slot, reward, version, trains));
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
            Entry entry = nextDue(now);
            if (entry == null) {
                break;
            }
            List<Integer> open = entry.settle();
            int reached = open.isEmpty() ? 0 : entry.reached();
            for (int index : open) {
                outcomes.add(settleSlot(entry.decision, entry.decision.slots().get(index),
                        index < reached));
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
        for (Entry entry : events.values()) {
            if (entry.forget(userKey)) {
                changed++;
            }
        }
        return Future.succeededFuture(changed);
    }

    @Override
    public Future<Void> addArm(String placement, String armId, String description) {
        arms.add(Objects.requireNonNull(placement, "placement"),
                Objects.requireNonNull(armId, "armId"),
                Objects.requireNonNull(description, "description"));
        return Future.succeededFuture();
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

    /** Gives a waiting slot its default reward, or drops it when unreached or retired. */
    private RewardOutcome settleSlot(PendingDecision decision, Slot slot, boolean reached) {
        Double reward = decision.defaultReward();
        if (reward == null || !reached || arms.retired(decision.placement(), slot.armId())) {
            long version = apply(decision.placement(),
                    sink -> StatsFields.dropped(slot.update(), decision.weight(), sink));
            return new RewardOutcome(
                    RewardOutcome.Status.DROPPED, decision, slot, Double.NaN, version);
        }
        long version = apply(decision.placement(),
                sink -> StatsFields.rewarded(slot.update(), reward, decision.weight(), sink));
        return new RewardOutcome(RewardOutcome.Status.APPLIED, decision, slot, reward, version);
    }

    private Entry nextDue(Instant now) {
        synchronized (deadlines) {
            Entry head = deadlines.peek();
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
                Entry gone = tombstones.poll();
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

    /** A recorded decision and the state of its slots; guarded by its own monitor. */
    private static final class Entry {
        // replaced only by forget(), which keeps every field the queues order by
        volatile PendingDecision decision;
        final boolean[] rewarded;
        final long dueSeconds;
        final int dueNanos;
        final String eventId;
        boolean settled;

        Entry(PendingDecision decision) {
            this.decision = decision;
            this.dueSeconds = decision.expiresAt().getEpochSecond();
            this.dueNanos = decision.expiresAt().getNano();
            this.eventId = decision.eventId();
            this.rewarded = new boolean[decision.slots().size()];
        }

        /** Drops the log payload when it carries {@code userKey}; true when it did. */
        synchronized boolean forget(String userKey) {
            if (!decision.carriesUser(userKey)) {
                return false;
            }
            decision = decision.withoutLog();
            return true;
        }

        /** Takes slot {@code index} for a reward; null when taken, else why not. */
        synchronized RewardOutcome.Status claim(int index, Instant now) {
            if (rewarded[index]) {
                return RewardOutcome.Status.DUPLICATE;
            }
            if (settled || !now.isBefore(decision.expiresAt())) {
                return RewardOutcome.Status.EXPIRED;
            }
            rewarded[index] = true;
            return null;
        }

        /** The positions reached under the {@link Cascade} rule. */
        synchronized int reached() {
            return Cascade.reached(rewarded);
        }

        /** Marks the decision settled; the slots still unrewarded, empty if already settled. */
        synchronized List<Integer> settle() {
            if (settled) {
                return List.of();
            }
            settled = true;
            List<Integer> open = List.of();
            for (int i = 0; i < rewarded.length; i++) {
                if (!rewarded[i]) {
                    if (open.isEmpty()) {
                        open = new ArrayList<>();
                    }
                    open.add(i);
                }
            }
            return open;
        }
    }
}
