package dev.bandstand.policy;

/**
 * Estimates whose posterior is one independent Beta distribution per candidate, so that
 * Thompson sampling's choice probabilities can be computed exactly ({@link BetaArgmax})
 * rather than by posterior draws.
 */
interface BetaPosteriors {

    /**
     * The Beta parameters of each candidate's posterior, {@code {alpha[], beta[]}}, every
     * entry {@code > 0}, the same ones {@link Estimates#sample} draws from; or null when the
     * posterior is not of that form. May be shared between calls, and a caller may keep
     * them: neither callers nor the estimates change them afterwards.
     */
    double[][] betaParameters();
}
