package dev.bandstand.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An A/B experiment on one placement: how its traffic is split into variants and what each
 * serves. Immutable, checked at start-up (shares sum to 1, control and holdout name
 * variants, a fixed arm is a placement arm when the placement has fixed arms).
 *
 * @param name experiment name; salts the assignment hash, so renaming it reshuffles users
 * @param variants the variants in configuration order, at least two
 * @param control the variant lifts are measured against
 * @param holdout variants whose rewards are counted for the report but do not train
 */
public record ExperimentSettings(
        String name, List<Variant> variants, String control, Set<String> holdout) {

    /** What a variant serves. */
    public enum Serves {
        /** The placement's bandit policy. */
        POLICY,
        /** Every candidate with equal probability: the exploration control. */
        UNIFORM,
        /** One arm, with probability 1: a champion artwork. */
        FIXED
    }

    /**
     * One arm of the experiment.
     *
     * @param name variant name (1-64 of A-Z a-z 0-9 . _ ~ -)
     * @param share share of users (or of events, without a user id), in (0, 1]
     * @param serves what it serves
     * @param armId the arm a {@link Serves#FIXED} variant serves; null otherwise
     */
    public record Variant(String name, double share, Serves serves, String armId) {

        /** Checks for nulls. */
        public Variant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(serves, "serves");
        }
    }

    /** Checks for nulls and copies the collections. */
    public ExperimentSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(control, "control");
        variants = List.copyOf(variants);
        holdout = Set.copyOf(holdout);
    }

    /** The variant named {@code variant}, or null. */
    public Variant variant(String variant) {
        for (Variant v : variants) {
            if (v.name().equals(variant)) {
                return v;
            }
        }
        return null;
    }
}
