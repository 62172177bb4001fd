package dev.bandstand.store;

/**
 * A person forgotten through some instance: the keyed hash of their user id (never the raw
 * id) and when, in epoch milliseconds, so that other instances can scrub their own decision
 * logs ({@link StatsStore#forgottenSince}).
 */
public record ForgottenUser(String userKey, long atMillis) {
}
