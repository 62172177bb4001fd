package dev.bandstand.policy;

import dev.bandstand.config.PlacementSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exponential forgetting with a half-life, kept additive: a decision at time {@code t}
 * carries the weight {@code 2^((t - epoch) / h)} into the sums, and reading the sums at time
 * {@code now} multiplies them by {@code 2^(-(now - epoch) / h)}, so that an observation
 * {@code h} old counts half (see {@link StatsFields}). Without forgetting both are 1.
 * Immutable and thread-safe.
 *
 * <p>Limitations: the weights grow by a factor 2 per half-life after the epoch and a double
 * overflows at 2^1024; a sum of up to 2^64 weights stays finite below
 * {@value #MAX_HALF_LIVES} half-lives (40 days past the epoch for a one-hour half-life, 2.6
 * years for a one-day one). {@link #weight} and {@link #factor} refuse times further from
 * the epoch; before then, re-base: scale every weighted sum with
 * {@link #rebase(Map, Instant)} and continue with {@link #rebased}. For one process this is
 * done by loading the rebased sums into a model built with the rebased forgetting; a store
 * shared by several processes must re-base its sums and epoch at once. With the fixed
 * {@link #DEFAULT_EPOCH}, half-lives shorter than about a day reach the limit within
 * months.
 */
public final class Forgetting {

    /** The epoch placements use unless told otherwise: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** Most half-lives between a time and the epoch that weights may span. */
    public static final double MAX_HALF_LIVES = 960;

    /** Half-lives after the epoch from which {@link #needsRebase} says true. */
    public static final double REBASE_HALF_LIVES = 900;

    private static final Forgetting NONE = new Forgetting(0, DEFAULT_EPOCH);

    private final double halfLifeSeconds;
    private final Instant epoch;

    private Forgetting(double halfLifeSeconds, Instant epoch) {
        this.halfLifeSeconds = halfLifeSeconds;
        this.epoch = epoch;
    }

    /** No forgetting: every weight and factor is 1. */
    public static Forgetting none() {
        return NONE;
    }

    /**
     * Forgetting with the given half-life, weights relative to {@code epoch}.
     *
     * @param halfLife positive half-life, or null for {@link #none()}
     * @param epoch when weights are 1; not null
     */
    public static Forgetting of(Duration halfLife, Instant epoch) {
        Objects.requireNonNull(epoch, "epoch");
        if (halfLife == null) {
            return NONE;
        }
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive, was " + halfLife);
        }
        return new Forgetting(seconds(halfLife), epoch);
    }

    /** The forgetting a placement's half-life sets, relative to {@link #DEFAULT_EPOCH}. */
    public static Forgetting forPlacement(PlacementSettings placement) {
        return of(placement.halfLife(), DEFAULT_EPOCH);
    }

    /**
     * The forgetting a placement's half-life sets, relative to {@code epoch}: for a run whose
     * times lie far from {@link #DEFAULT_EPOCH} (a replay of years-old events). Every process
     * that shares the placement's statistics must use the same epoch.
     */
    public static Forgetting forPlacement(PlacementSettings placement, Instant epoch) {
        return of(placement.halfLife(), epoch);
    }

    /** True when a half-life is set. */
    public boolean enabled() {
        return halfLifeSeconds > 0;
    }

    /** The epoch weights are relative to. */
    public Instant epoch() {
        return epoch;
    }

    /**
     * Weight of a decision made at {@code t}: {@code 2^((t - epoch) / h)}, or 1.
     *
     * @throws IllegalStateException when {@code t} is more than {@value #MAX_HALF_LIVES}
     *     half-lives from the epoch
     */
    public double weight(Instant t) {
        return enabled() ? Math.pow(2, halfLives(t)) : 1;
    }

    /**
     * Factor that turns weighted sums into forgotten statistics at {@code now}:
     * {@code 2^(-(now - epoch) / h)}, or 1.
     *
     * @throws IllegalStateException when {@code now} is more than {@value #MAX_HALF_LIVES}
     *     half-lives from the epoch
     */
    public double factor(Instant now) {
        return enabled() ? Math.pow(2, -halfLives(now)) : 1;
    }

    /** True when {@code now} is more than {@value #REBASE_HALF_LIVES} half-lives away. */
    public boolean needsRebase(Instant now) {
        return enabled() && Math.abs(elapsed(now)) > REBASE_HALF_LIVES;
    }

    /** The same half-life with weights relative to {@code newEpoch}. */
    public Forgetting rebased(Instant newEpoch) {
        Objects.requireNonNull(newEpoch, "newEpoch");
        return enabled() ? new Forgetting(halfLifeSeconds, newEpoch) : NONE;
    }

    /**
     * Sums weighted relative to this epoch, re-expressed relative to {@code newEpoch}: every
     * weighted field times {@code 2^(-(newEpoch - epoch) / h)}; pending counts ({@code p} and
     * {@code p|...}) are plain counts and stay as they are.
     *
     * @return a new map; the argument is not changed
     */
    public Map<String, Double> rebase(Map<String, Double> sums, Instant newEpoch) {
        // TODO(shared stores): no store re-bases its sums and epoch atomically yet
        double scale = enabled() ? Math.pow(2, -elapsedBetween(epoch, newEpoch)) : 1;
        Map<String, Double> out = new HashMap<>(sums.size() * 2);
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            String field = e.getKey();
            boolean pending = field.equals("p") || field.startsWith("p|");
            out.put(field, pending ? e.getValue() : e.getValue() * scale);
        }
        return out;
    }

    @Override
    public String toString() {
        return enabled()
                ? "Forgetting[halfLife=" + halfLifeSeconds + "s, epoch=" + epoch + "]"
                : "Forgetting[none]";
    }

    private double halfLives(Instant t) {
        double halfLives = elapsed(t);
        if (Math.abs(halfLives) > MAX_HALF_LIVES) {
            throw new IllegalStateException("forgetting: " + t + " is " + halfLives
                    + " half-lives from the epoch " + epoch + ", more than " + MAX_HALF_LIVES
                    + "; re-base the statistics to a newer epoch (Forgetting.rebase)");
        }
        return halfLives;
    }

    private double elapsed(Instant t) {
        return elapsedBetween(epoch, t);
    }

    private double elapsedBetween(Instant from, Instant to) {
        return seconds(Duration.between(from, to)) / halfLifeSeconds;
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() * 1e-9;
    }
}
