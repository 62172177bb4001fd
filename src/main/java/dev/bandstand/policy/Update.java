package dev.bandstand.policy;

/**
 * What one chosen arm will teach the model once its reward is known: a compact recipe kept
 * with the pending decision and expanded into additive statistic increments by the model
 * and by every store, the same way (see {@link StatsFields}).
 */
public sealed interface Update permits TabularUpdate, LinearUpdate, TaggedUpdate {

    /** The arm this update is about. */
    String armId();
}
