package dev.bandstand.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one linear model's ridge matrix factors in doubles as it is, and the log lines that
 * say so: one WARN naming the placement when it starts to need a raised diagonal (or its sums
 * are not finite), one INFO when it factors as it is again. Not thread-safe: the model's owner
 * serialises calls.
 */
final class Conditioning {

    private static final Logger LOG = LoggerFactory.getLogger(LinearModel.class);

    private final String placement;
    private double jitter;
    private boolean degraded;

    /** @param placement the placement's name, for log lines */
    Conditioning(String placement) {
        this.placement = placement;
    }

    /**
     * The relative raise of A's diagonal the last factorisation needed: 0 when A factored as
     * it is, {@link Ridge#DOMINANT} or NaN as {@link Ridge#factor} says.
     */
    double jitter() {
        return jitter;
    }

    /** Records what the factorisation of A took, as {@link Ridge#factor} returns it. */
    void factored(double raised) {
        jitter = raised;
        if (raised == 0) {
            if (degraded) {
                degraded = false;
                LOG.info("Placement {}: the linear statistics factor as they are again",
                        placement);
            }
        } else if (Double.isNaN(raised)) {
            notFinite();
        } else if (!degraded) {
            degraded = true;
            LOG.warn("Placement {}: lambda I + f S_A is not numerically positive definite "
                    + "(feature values far beyond the bound, or sums an older build wrote); "
                    + "decisions go on with its diagonal raised by a relative {}, a stronger "
                    + "ridge. GET /v1/placements/{} reports it; reset the placement's "
                    + "statistics if it lasts (docs/policy.md, numerical safety)", placement,
                    raised == Ridge.DOMINANT ? "amount that makes it diagonally dominant"
                            : raised, placement);
        }
    }

    /** Records sums that are not finite: the model holds only its prior meanwhile. */
    void notFinite() {
        if (!degraded) {
            degraded = true;
            LOG.warn("Placement {}: the linear statistics are not finite; decisions go on from "
                    + "the ridge prior alone. Reset the placement's statistics (docs/policy.md, "
                    + "numerical safety)", placement);
        }
    }

    /** Records that P, the inverse, needed a raised diagonal for its own factor. */
    void inverseRaised(double raised) {
        // draws spread a little wider than P says; the WARN, if any, is A's, so that the two
        // cannot take turns logging
        LOG.debug("Placement {}: A^-1 factored with its diagonal raised by {}", placement,
                raised);
    }
}
