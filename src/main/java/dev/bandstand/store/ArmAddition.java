package dev.bandstand.store;

/**
 * What a store did with an arm to add: kept it, or refused it because the placement offered
 * as many arms as its {@link ArmLimit} allows, and how many arms the placement offers now.
 *
 * @param kept true when the arm was added (or replaced); false when refused, which changed
 *     nothing
 * @param active the arms the placement offers after the change, or at the refusal: configured
 *     ones plus added ones minus retired ones
 */
public record ArmAddition(boolean kept, int active) {
}
