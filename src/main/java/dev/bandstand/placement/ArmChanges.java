package dev.bandstand.placement;

import dev.bandstand.config.ExperimentSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.policy.ArmPrior;
import dev.bandstand.store.ArmLimit;
import dev.bandstand.store.StatsStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds and retires arms of running placements, without a reset: other arms' statistics are
 * unchanged. Each change goes to the store first, which keeps it for every instance (they
 * take it up at their next sync), refuses an arm past the placement's {@code maxCandidates}
 * and stops a retired arm's rewards from training; then to this instance's arm set, so that
 * its next decision sees it. Thread-safe.
 */
// TODO(arm-lifecycle): arm changes are refused (503) while Redis is unreachable; the outbox
// buffers decisions and rewards only
public final class ArmChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ArmChanges.class);

    private final Function<String, Placement> placements;
    private final StatsStore store;
    private final Function<Throwable, Throwable> failed;

    /**
     * @param failed turns a store failure into what the caller is told (a 503 and the
     *     store's health noted)
     */
    ArmChanges(Function<String, Placement> placements, StatsStore store,
            Function<Throwable, Throwable> failed) {
        this.placements = placements;
        this.store = store;
        this.failed = failed;
    }

    /**
     * The placement's arms as this instance knows them now (another instance's change shows
     * after the next sync): the fixed arms in configuration order with added ones after them,
     * and the retired arm ids, sorted.
     *
     * @throws Rejection 404 {@code UNKNOWN_PLACEMENT}
     */
    public Current current(String name) {
        ArmSet set = placements.apply(name).arms();
        return new Current(set.fixed().stream().map(Arm::id).toList(), set.retiredIds());
    }

    /** Arm ids a placement offers and those it has retired. */
    public record Current(List<String> active, List<String> retired) {
    }

    /** As {@link #add(String, Arm, Double, Double)} without a prior. */
    public Future<Void> add(String name, Arm arm) {
        return add(name, arm, null, null);
    }

    /**
     * Adds {@code arm} to the placement's fixed arms, or replaces the arm of that id, while
     * the placement runs; other arms' statistics are unchanged. A new arm has no statistics,
     * so it is explored at once (untried arms come first in UCB; Thompson draws from the
     * prior; a linear model scores it from its features, which is its warm start). A tabular
     * placement may warm-start it with a prior: {@code priorWeight} pseudo-observations of
     * mean {@code priorMean}.
     *
     * <p>An arm the placement does not offer yet (new, or retired) is refused when it offers
     * {@code maxCandidates} arms already, as the store counts them: configured, plus added,
     * minus retired through any instance. The store checks and keeps the arm in one atomic
     * step, so concurrent additions, through this instance or others, never pass the limit;
     * a refused one changes neither the store nor this instance's arms. When this instance
     * has not yet seen an arm retired through another one, and so would offer more than
     * {@code maxCandidates} arms after the addition, it reads the store's arms at once.
     *
     * @param priorMean on the placement's reward scale, or null for no prior
     * @param priorWeight pseudo-observations in [0, 1e6], or null for no prior
     * @return a failed future with a {@link Rejection}: 404 for an unknown placement, 400 for a
     *     prior on a linear placement or out of range or for a numeric feature beyond the
     *     bound of a linear placement ({@code INVALID_VALUE}, field {@code features.<name>}),
     *     409 {@code TOO_MANY_ARMS} (field {@code armId}) when the placement has
     *     {@code maxCandidates} arms already, 501 when the store cannot keep arms, 503 when it
     *     is unreachable
     */
    public Future<Void> add(String name, Arm arm, Double priorMean, Double priorWeight) {
        Placement placement;
        ArmPrior prior;
        try {
            placement = placements.apply(name);
            prior = prior(placement.settings(), priorMean, priorWeight);
            DecisionInputs.checkBounds(placement.settings(), "features", arm.features());
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        PlacementSettings settings = placement.settings();
        ArmLimit limit = new ArmLimit(settings.arms().stream().map(Arm::id).toList(),
                settings.maxCandidates());

        return store.addArm(name, arm.id(), ArmDescriptions.encode(arm, prior), limit)
                .recover(this::refused)
                .compose(added -> added.kept() ? kept(placement, arm, prior)
                        : Future.failedFuture(tooMany(settings, arm.id(), added.active())));
    }

    /** Applies an arm the store kept to this instance's arms. */
    private Future<Void> kept(Placement placement, Arm arm, ArmPrior prior) {
        String name = placement.name();
        ArmSet.Change change = placement.arms().add(arm, prior);
        if (change == ArmSet.Change.UNCHANGED) {
            LOG.debug("Placement {}: arm {} unchanged", name, arm.id());
        } else {
            placement.armsChanged();
            LOG.info("Placement {}: arm {} {}", name, arm.id(),
                    change == ArmSet.Change.ADDED ? "added" : "updated");
        }
        if (placement.arms().size() <= placement.settings().maxCandidates()) {
            return Future.succeededFuture();
        }

        // The store kept the arm within the limit, so an arm retired through another instance
        // is still offered here: take the store's arms now rather than at the next sync. If
        // that read fails, the sync replaces them; the arm is kept either way.
        return store.arms(name)
                .onSuccess(roster -> {
                    placement.arms().replace(roster);
                    placement.armsChanged();
                })
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    private static Rejection tooMany(PlacementSettings settings, String armId, int active) {
        return new Rejection(409, "TOO_MANY_ARMS", "armId", "placement " + settings.name()
                + " offers " + active + " arms and its maxCandidates is "
                + settings.maxCandidates() + ": retire one before adding arm " + armId
                + ", or raise maxCandidates");
    }

    /**
     * Retires an arm: it is never chosen again, also when a request lists it as a candidate.
     * A reward for an earlier decision that chose it is still joined and logged but no longer
     * trains it, on every instance. Idempotent.
     *
     * @return a failed future with a 404 {@link Rejection} for an unknown placement
     */
    public Future<Void> retire(String name, String armId) {
        Placement placement;
        try {
            placement = placements.apply(name);
            checkNotServedByAVariant(placement.settings(), armId);
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        return store.retireArm(name, armId)
                .recover(this::refused)
                .onSuccess(v -> {
                    if (placement.arms().retire(armId)) {
                        placement.armsChanged();
                        LOG.info("Placement {}: arm {} retired", name, armId);
                    }
                });
    }

    /** A fixed variant keeps serving its arm: retiring that arm would break the variant. */
    private static void checkNotServedByAVariant(PlacementSettings settings, String armId) {
        ExperimentSettings experiment = settings.experiment();
        if (experiment == null) {
            return;
        }
        for (ExperimentSettings.Variant v : experiment.variants()) {
            if (armId.equals(v.armId())) {
                throw new Rejection(409, "ARM_IN_EXPERIMENT", "armId", "arm " + armId
                        + " is served by variant " + v.name() + " of experiment "
                        + experiment.name() + "; change the experiment before retiring it");
            }
        }
    }

    private static ArmPrior prior(PlacementSettings settings, Double mean, Double weight) {
        if (mean == null && weight == null) {
            return null;
        }
        if (settings.policy().linear()) {
            throw Rejection.badRequest("INVALID_VALUE", "prior", "placement " + settings.name()
                    + " has a linear policy: a new arm starts from its features, send no prior");
        }
        if (mean == null || weight == null) {
            throw Rejection.badRequest("MISSING_FIELD", mean == null ? "prior.mean"
                    : "prior.weight", "a prior needs both mean and weight");
        }
        if (!(mean >= settings.rewardMin() && mean <= settings.rewardMax())) {
            throw Rejection.badRequest("OUT_OF_RANGE", "prior.mean", "prior.mean must be in ["
                    + settings.rewardMin() + ", " + settings.rewardMax() + "]: " + mean);
        }
        if (!(weight >= 0 && weight <= ArmPrior.MAX_WEIGHT)) {
            throw Rejection.badRequest("OUT_OF_RANGE", "prior.weight",
                    "prior.weight must be in [0, " + ArmPrior.MAX_WEIGHT + "]: " + weight);
        }
        double normalised = Math.min(1.0, Math.max(0.0, settings.normalise(mean)));
        return new ArmPrior(normalised, weight);
    }

    private <T> Future<T> refused(Throwable err) {
        return Future.failedFuture(err instanceof UnsupportedOperationException
                ? new Rejection(501, "NOT_SUPPORTED", null, err.getMessage())
                : failed.apply(err));
    }
}
