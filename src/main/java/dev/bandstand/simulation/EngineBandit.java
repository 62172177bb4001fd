package dev.bandstand.simulation;

import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.context.Context;
import dev.bandstand.placement.Decision;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.Placements;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.placement.RewardRequest;
import dev.bandstand.simulation.environment.Round;
import dev.bandstand.store.StatsStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The service's decision engine ({@link Placements}) in this process, over a statistics
 * store: each decision is a {@link DecisionRequest} with the round's context and candidates,
 * each reward a {@link RewardRequest}, exactly as the HTTP API hands them over. The engine's
 * clock is the run's simulated time, and expired decisions are swept every
 * {@value #SWEEP_EVERY} decisions, as the service's upkeep does on its timer. The engine is
 * made at the first decision, with forgetting weights relative to the start of that
 * decision's UTC day, so that half-lives work for runs at any time (MovieLens' 1996-2016),
 * as long as the run spans fewer than {@value Forgetting#MAX_HALF_LIVES} half-lives.
 */
final class EngineBandit implements Bandit {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Decisions between two sweeps of expired ones, as the service's upkeep timer does. */
    private static final int SWEEP_EVERY = 1024;

    private final Settings settings;
    private Placements engine;
    private final SimulatedClock clock = new SimulatedClock();
    private final String placement;
    private final RandomGenerator random;
    private final StatsStore store;
    private final boolean closeStore;
    private final boolean propensities;
    private long decisions;

    /**
     * An engine for one placement over {@code store} that reads every choice's probability.
     *
     * @param closeStore whether closing this bandit closes the store
     */
    EngineBandit(PlacementSettings placement, RandomGenerator random, StatsStore store,
            boolean closeStore) {
        this(placement, random, store, closeStore, true);
    }

    /**
     * An engine for one placement over {@code store}.
     *
     * @param closeStore whether closing this bandit closes the store
     * @param propensities whether to read each choice's probability from the decision; when
     *     false they are NaN and the engine never computes what it computes on demand (such
     *     as Thompson sampling's exact probabilities), as no report of a run reads them
     */
    EngineBandit(PlacementSettings placement, RandomGenerator random, StatsStore store,
            boolean closeStore, boolean propensities) {
        StoreSettings storeSettings = new StoreSettings(null, "bandstand", Duration.ofSeconds(1),
                Duration.ofSeconds(5), 100_000, Duration.ofSeconds(1));
        Settings settings = new Settings("127.0.0.1", 0, 1 << 20, storeSettings,
                PartsOfDay.defaults(), List.of(placement));
        this.settings = settings;
        this.placement = placement.name();
        this.random = random;
        this.store = store;
        this.closeStore = closeStore;
        this.propensities = propensities;
    }

    @Override
    public Choice decide(Round round, int count, Instant now) {
        clock.set(now);
        if (engine == null) {
            // forgetting weights relative to the run's first day, wherever its times lie
            engine = Placements.create(settings, store, clock, epoch(now));
        }
        Context c = round.context();
        decisions++;
        if (decisions % SWEEP_EVERY == 0) {
            // settles decisions whose reward wait is over, so the store does not grow
            Await.result(engine.sweep(Integer.MAX_VALUE), TIMEOUT);
        }
        DecisionRequest request = new DecisionRequest(placement, c.timestamp(), c.timeZone(),
                c.device(), c.activity(), c.features(), round.candidates(), null, count,
                "e" + decisions);
        Decision d = Await.result(engine.decide(request, random, propensities), TIMEOUT);

        int k = d.choices().size();
        int[] chosen = new int[k];
        String[] ids = new String[k];
        double[] p = new double[k];
        for (int s = 0; s < k; s++) {
            ids[s] = d.choices().get(s).armId();
            p[s] = propensities ? d.choices().get(s).probability() : Double.NaN;
            chosen[s] = indexOf(round, ids[s]);
        }
        return new Choice(d.eventId(), chosen, ids, p, null);
    }

    @Override
    public void reward(Choice choice, int slot, double reward, Instant now) {
        clock.set(now);
        String arm = choice.armIds().length > 1 ? choice.armIds()[slot] : null;
        Await.result(engine.reward(new RewardRequest(choice.eventId(), arm, reward)), TIMEOUT);
    }

    @Override
    public void close() {
        if (closeStore) {
            Await.result(store.close(), TIMEOUT);
        }
    }

    /** The start of the UTC day of {@code first}: the run's forgetting epoch. */
    static Instant epoch(Instant first) {
        return first.truncatedTo(ChronoUnit.DAYS);
    }

    private static int indexOf(Round round, String armId) {
        for (int i = 0; i < round.candidates().size(); i++) {
            if (round.candidates().get(i).id().equals(armId)) {
                return i;
            }
        }
        throw new IllegalStateException("the engine chose an arm not offered: " + armId);
    }
}
