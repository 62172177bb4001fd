package dev.bandstand.placement;

import dev.bandstand.config.ConfigException;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.ContextFactory;
import dev.bandstand.context.FeatureEncoder;
import dev.bandstand.context.HashingFeatureEncoder;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policies;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.store.PendingDecision;
import dev.bandstand.store.Slot;
import dev.bandstand.store.StatsSnapshot;
import dev.bandstand.store.StatsStore;
import dev.bandstand.store.StoreUnavailableException;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The decision engine: every configured placement, the statistics store they share, and the
 * steps of a decision's life (decide, reward, settle at expiry, sync).
 *
 * <p>Thread-safe: one instance serves every event loop. It never blocks: the store's calls
 * are asynchronous and each placement's model is used under a short lock. A request that ends
 * in a {@link Rejection} changed nothing. Time comes from the injected {@link Clock}, so tests
 * can move it.
 *
 * <p>The engine listens to its store for the rewards the store buffered during an outage
 * ({@link StatsStore#onBufferedRewardApplied}): one store serves one engine, and an engine
 * made later on the same store takes that over.
 */
public final class Placements {

    private final Map<String, Placement> byName = new LinkedHashMap<>();
    private final Map<String, Experiment> experiments = new LinkedHashMap<>();
    private final Function<DecisionRequest, Context> contexts;
    private final StatsStore store;
    private final Clock clock;
    private final StoreHealth health;
    private final SecureRandom ids = new SecureRandom();
    private final DecisionJournal journal;
    private final Rewarding rewarding;
    private final ArmChanges arms;
    private final UserErasure erasure;

    /**
     * How long after its expiry a slate whose slots did not all settle on this instance waits
     * before its log line is written with the rewards seen here.
     */
    static final Duration SLATE_LOG_GRACE = Duration.ofMinutes(1);

    /** How long a placement with forgetting must be able to run from start-up. */
    static final Duration FORGETTING_HEADROOM = Duration.ofDays(730);

    /**
     * The engine for every placement of {@code settings}: each gets its policy, its model and,
     * for a linear policy, a hashing feature encoder.
     *
     * @throws IllegalArgumentException naming the placement when its settings are invalid
     */
    public static Placements create(Settings settings, StatsStore store, Clock clock) {
        return create(settings, store, clock,
                DecisionJournal.off(UserKeys.generated(new SecureRandom())));
    }

    /**
     * The engine as {@link #create(Settings, StatsStore, Clock)}, keeping decisions in
     * {@code journal} (the decision log and user keys).
     */
    public static Placements create(Settings settings, StatsStore store, Clock clock,
            DecisionJournal journal) {
        return create(settings, store, clock, journal, Forgetting.DEFAULT_EPOCH);
    }

    /**
     * The engine as {@link #create(Settings, StatsStore, Clock)}, with forgetting weights
     * relative to {@code epoch} instead of {@link Forgetting#DEFAULT_EPOCH}: for a run whose
     * times lie far from that epoch, such as a replay of years-old events. The store's sums
     * are relative to the epoch, so every engine sharing the store must use the same one.
     */
    public static Placements create(Settings settings, StatsStore store, Clock clock,
            Instant epoch) {
        return create(settings, store, clock,
                DecisionJournal.off(UserKeys.generated(new SecureRandom())), epoch);
    }

    /**
     * Checks what {@link #create(Settings, StatsStore, Clock, DecisionJournal)} refuses and
     * the configuration loader cannot, since it depends on the instant of start-up: that each
     * half-life leaves room to run ({@link #FORGETTING_HEADROOM}). Builds nothing and touches
     * no store, so that a server reports it before it connects to anything.
     *
     * @throws ConfigException naming the placement's {@code halfLife}
     */
    public static void check(Settings settings, Clock clock) {
        for (PlacementSettings p : settings.placements()) {
            checkForgettingRange(p, Forgetting.forPlacement(p, Forgetting.DEFAULT_EPOCH),
                    clock.instant());
        }
    }

    private static Placements create(Settings settings, StatsStore store, Clock clock,
            DecisionJournal journal, Instant epoch) {
        List<Placement> placements = new ArrayList<>();
        for (PlacementSettings p : settings.placements()) {
            Forgetting forgetting = Forgetting.forPlacement(p, epoch);
            checkForgettingRange(p, forgetting, clock.instant());
            FeatureEncoder encoder = p.policy().linear()
                    ? new HashingFeatureEncoder(p.features()) : null;
            placements.add(new Placement(p, Policies.create(p.policy()),
                    Models.create(p, encoder, forgetting), encoder, forgetting));
        }
        ContextFactory factory = new ContextFactory(settings.partsOfDay());
        return new Placements(placements, r -> DecisionInputs.context(factory, r), store,
                clock, journal);
    }

    /**
     * Refuses a half-life whose weights would leave the range of a double within
     * {@link #FORGETTING_HEADROOM} of start-up: weights are relative to a fixed epoch, and
     * re-basing statistics shared through a store is not built yet.
     */
    private static void checkForgettingRange(PlacementSettings p, Forgetting forgetting,
            Instant now) {
        try {
            forgetting.weight(now.plus(FORGETTING_HEADROOM));
        } catch (IllegalStateException e) {
            throw new ConfigException("placements." + p.name() + ".halfLife",
                    "too short to run for " + FORGETTING_HEADROOM.toDays() + " days from "
                    + now + ": weights are relative to " + forgetting.epoch()
                    + " and may span at most " + Forgetting.MAX_HALF_LIVES
                    + " half-lives; use a longer half-life");
        }
    }

    /**
     * Refuses {@code p}'s half-life when {@link #create} would refuse it at some time of its
     * epoch's first day, as it does for a simulation run (whose epoch is its first day): the
     * check a scenario makes before anything runs.
     */
    public static void checkHalfLife(PlacementSettings p) {
        Forgetting forgetting = Forgetting.forPlacement(p, Instant.EPOCH);
        Duration span = FORGETTING_HEADROOM.plusDays(1);
        try {
            forgetting.weight(Instant.EPOCH.plus(span));
        } catch (IllegalStateException e) {
            throw new ConfigException("placements." + p.name() + ".halfLife", "too short: a run"
                    + " must be able to span " + span.toDays() + " days from its first day, and"
                    + " weights may span at most " + Forgetting.MAX_HALF_LIVES + " half-lives;"
                    + " use a longer half-life");
        }
    }

    Placements(List<Placement> placements, Function<DecisionRequest, Context> contexts,
            StatsStore store, Clock clock) {
        this(placements, contexts, store, clock,
                DecisionJournal.off(UserKeys.generated(new SecureRandom())));
    }

    Placements(List<Placement> placements, Function<DecisionRequest, Context> contexts,
            StatsStore store, Clock clock, DecisionJournal journal) {
        for (Placement p : placements) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("placement names must be unique: " + p.name());
            }
            if (p.settings().experiment() != null) {
                experiments.put(p.name(), new Experiment(p.settings().experiment()));
            }
        }
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = new StoreHealth(clock);
        this.journal = Objects.requireNonNull(journal, "journal");
        this.rewarding = new Rewarding(byName, store, clock, health, journal);
        this.erasure = new UserErasure(store, health, journal);
        this.arms = new ArmChanges(this::known, store,
                err -> health.failed(store, err));
        store.onBufferedRewardApplied(rewarding::written);
    }

    /** Every placement's settings, in configuration order. */
    public List<PlacementSettings> placements() {
        List<PlacementSettings> all = new ArrayList<>();
        byName.values().forEach(p -> all.add(p.settings()));
        return all;
    }

    /** The settings of placement {@code name}, or null when there is no such placement. */
    public PlacementSettings placement(String name) {
        Placement p = byName.get(name);
        return p == null ? null : p.settings();
    }

    /** The store the placements keep their statistics in. */
    public StatsStore store() {
        return store;
    }

    /**
     * False while the store's last call failed, or while the store buffers work because its
     * shared backend is unreachable ({@link StatsStore#degraded()}).
     */
    public boolean storeUp() {
        return health.up() && !store.degraded();
    }

    /** The decision log and the keyed hashes of user ids. */
    public DecisionJournal journal() {
        return journal;
    }

    /**
     * Makes a decision: scores the candidates with the placement's local model, draws a slate
     * with {@code random}, and records it as pending in the store. Answers once the store
     * has it, so that any instance can join its reward at once. When the store cannot take it
     * ({@link StoreUnavailableException}: its backend unreachable and its buffer for decisions
     * full) the decision is still answered, marked {@linkplain Decision#recorded() unrecorded},
     * and the local model does not count it as pending.
     *
     * <p>Everything that can fail runs before the store sees the decision, the probability of
     * every slot included: a decision that fails records nothing and changes no version.
     *
     * @param random the calling verticle's own seeded generator; used on the calling thread
     * @return the decision, or a failed future with a {@link Rejection} (or, for a bug, the
     *     fault)
     */
    public Future<Decision> decide(DecisionRequest request, RandomGenerator random) {
        return decide(request, random, true);
    }

    /**
     * Makes a decision as {@link #decide(DecisionRequest, RandomGenerator)} does, leaving the
     * probabilities to be computed when read if {@code probabilities} is false: for an
     * in-process simulation that never reads them (Thompson sampling's exact probability
     * costs far more than its draw). A failure to compute one then surfaces where it is read,
     * after the decision was recorded.
     */
    public Future<Decision> decide(DecisionRequest request, RandomGenerator random,
            boolean probabilities) {
        Placement placement;
        List<Arm> candidates;
        Context context;
        try {
            placement = known(request.placement());
            DecisionInputs.checkBounds(placement.settings(), request);
            candidates = DecisionInputs.candidates(placement, request);
            context = contexts.apply(request);
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        Instant now = clock.instant();
        String eventId = request.eventId() != null ? request.eventId() : newEventId();

        Placement.Slate slate;
        PendingDecision pending;
        try {
            Serving serving = Experiment.serving(experiments.get(placement.name()),
                    request.mode(), request.userId(), eventId, candidates);
            slate = placement.choose(context, candidates, request.count(), now, random,
                    request.rules(), serving, request.explain());
            if (probabilities) {
                // read (and range-check) every slot's probability while nothing is recorded
                slate.slots().forEach(Slot::probability);
            }
            String log = journal.payload(eventId, now, context, candidates, slate,
                    request.userId());
            pending = pending(placement, eventId, now, slate.slots(), log);
        } catch (RuntimeException e) {
            // a Rejection, or a fault: either way nothing is recorded yet
            return Future.failedFuture(e);
        }

        // a client's id must be new in every placement, as a reward names only the event id;
        // the store sees to that, and a drawn id is new anyway
        Future<Boolean> stored = request.eventId() == null ? store.recordDrawnDecision(pending)
                : store.recordDecision(pending);
        return stored.compose(recorded -> {
            health.succeeded(store);
            if (!recorded) {
                throw new Rejection(409, "EVENT_ID_TAKEN", "eventId",
                        "event id is already taken: " + eventId);
            }
            placement.decided(eventId, slate.slots(), pending.weight());
            return Future.succeededFuture(answer(eventId, slate, true));
        }, err -> err instanceof StoreUnavailableException
                // served from the last model all the same; the store logs the outage
                ? Future.succeededFuture(answer(eventId, slate, false))
                : Future.failedFuture(health.failed(store, err)));
    }

    /**
     * Joins a reward with its decision and applies it exactly once, to the store and at once
     * to the local model, so that the next decision sees it. A reward the store buffers while
     * its backend is unreachable is accepted as it is and logged and learned once the store
     * has written it.
     *
     * @return the receipt, or a failed future with a {@link Rejection}: 400
     *     {@code REWARD_OUT_OF_RANGE} or {@code ARM_REQUIRED}, 404 {@code UNKNOWN_EVENT} or
     *     {@code UNKNOWN_ARM}, 409 {@code DUPLICATE_REWARD}, 410 {@code EXPIRED}, 503
     *     {@code STORE_UNAVAILABLE} or {@code EVENT_MAYBE_PENDING} (an instance sharing the
     *     store may still write the event after an outage: retry)
     */
    public Future<RewardReceipt> reward(RewardRequest request) {
        return rewarding.reward(request);
    }

    /**
     * Settles decisions whose reward wait has ended: the store gives each its default reward or
     * drops it, exactly once across instances, and this instance's local models learn the same.
     *
     * @param limit the most decisions to settle per store call
     * @return the number of slots settled
     */
    public Future<Integer> sweep(int limit) {
        return rewarding.sweep(limit);
    }

    /**
     * Reloads every placement's local model from the store's statistics, its arm set from the
     * arms the store keeps (added and retired through any instance), and takes the people
     * forgotten through other instances out of this instance's decision log.
     */
    public Future<Void> sync() {
        List<Future<?>> loads = new ArrayList<>();
        loads.add(erasure.catchUp());
        for (Placement p : byName.values()) {
            loads.add(store.arms(p.name()).onSuccess(roster -> {
                p.arms().replace(roster);
                p.armsChanged();
            }));
            loads.add(store.snapshot(p.name()).onSuccess(p::load));
        }
        return Future.all(loads)
                .recover(err -> Future.failedFuture(health.failed(store, err)))
                .<Void>mapEmpty()
                .onSuccess(v -> health.succeeded(store));
    }

    /**
     * Forgets a person: the store's decisions and the decision log lose everything that
     * carries the keyed hash of {@code userId} (log files are rewritten off the event loop).
     * Idempotent.
     *
     * @return completes once both are done; failed when the store cannot forget
     */
    public Future<Void> forgetUser(String userId) {
        return erasure.forget(userId);
    }

    /** The placement's statistics as the store has them, with its local model version. */
    public Future<PlacementReport> report(String name) {
        return fromSnapshot(name,
                (placement, snapshot) -> Reports.of(placement, snapshot, clock.instant()));
    }

    /**
     * The placement's experiment and mode counters with their statistics (see
     * {@link ExperimentStatistics}), read from the store so that every instance's traffic
     * counts.
     */
    public Future<ExperimentReport> experimentReport(String name) {
        return fromSnapshot(name, (placement, snapshot) ->
                ExperimentStatistics.of(placement.settings(), snapshot.sums()));
    }

    /** Reads the placement's statistics from the store and turns them into a report. */
    private <T> Future<T> fromSnapshot(
            String name, BiFunction<Placement, StatsSnapshot, T> report) {
        Placement placement;
        try {
            placement = known(name);
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        return store.snapshot(name)
                .recover(err -> Future.failedFuture(health.failed(store, err)))
                .map(snapshot -> report.apply(placement, snapshot));
    }

    /**
     * The request's context; a value the factory refuses becomes a 400 naming the field its
     * message starts with (such as {@code context.features.age: ...}).
     */
    private Placement known(String name) {
        Placement p = byName.get(name);
        if (p == null) {
            throw new Rejection(404, "UNKNOWN_PLACEMENT", null, "no such placement: " + name);
        }
        return p;
    }

    private static PendingDecision pending(
            Placement placement, String eventId, Instant now, List<Slot> slots, String log) {
        PlacementSettings settings = placement.settings();
        Double fallback = settings.defaultReward() == null ? null
                : settings.normalise(settings.defaultReward());
        return new PendingDecision(eventId, settings.name(), now,
                now.plus(settings.rewardWait()), placement.weight(now), fallback,
                slots, log);
    }

    private static Decision answer(String eventId, Placement.Slate slate, boolean recorded) {
        Decision.Choice[] choices = new Decision.Choice[slate.slots().size()];
        for (int i = 0; i < choices.length; i++) {
            Slot s = slate.slots().get(i);
            choices[i] = new Decision.Choice(s.armId(), s::probability);
        }
        return new Decision(eventId, List.of(choices), slate.version(), slate.explored(),
                slate.serving().variant(), slate.serving().mode(), slate.explanations(),
                recorded);
    }

    /** Adding and retiring arms while the placements run, shared through the store. */
    public ArmChanges arms() {
        return arms;
    }

    /** A new event id: 128 random bits, URL-safe Base64 without padding (22 characters). */
    private String newEventId() {
        byte[] bytes = new byte[16];
        ids.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
