package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Estimates of one decision that can keep one set of ranked joint posterior draws
 * ({@link Rankings}) for all the slots of a slate, so that each slot's Thompson
 * probabilities cost one pass over the kept draws instead of new draws over every open
 * candidate. For one decision on one thread.
 */
interface RankedDraws {

    /** The decision's {@code draws} ranked draws, drawn on the first call and kept. */
    Rankings rankings(int draws, RandomGenerator random);
}
