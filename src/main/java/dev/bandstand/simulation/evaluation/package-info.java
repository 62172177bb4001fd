/**
 * {@code evaluate}: replays a candidate policy, through the service's own policy and model
 * code, over a decision log and estimates its value with the off-policy estimators.
 */
package dev.bandstand.simulation.evaluation;
