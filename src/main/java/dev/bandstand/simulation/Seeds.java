package dev.bandstand.simulation;

import java.util.SplittableRandom;

/**
 * Derives independent seeds for the random streams of a run from the scenario's seed, so
 * that results do not depend on which thread runs which policy, or in which order.
 */
final class Seeds {

    /** Stream of the contexts a run sees: the same for every policy of a replicate. */
    static final int CONTEXTS = 1;
    /** Stream of reward draws and delays: the same for every policy of a replicate. */
    static final int REWARDS = 2;
    /** Stream of a policy's own draws. */
    static final int POLICY = 3;

    private Seeds() {
    }

    /** A generator for {@code stream} of replicate {@code replicate} of policy {@code policy}. */
    static SplittableRandom of(long seed, int replicate, int stream, int policy) {
        long h = mix(seed);
        h = mix(h ^ replicate);
        h = mix(h ^ ((long) stream << 32));
        h = mix(h ^ ((long) policy << 16));
        return new SplittableRandom(h);
    }

    /** The finaliser of SplitMix64 (Steele, Lea and Flood 2014). */
    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
