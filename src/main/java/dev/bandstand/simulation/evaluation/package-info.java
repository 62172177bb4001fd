/**
 * {@code evaluate}: replays a candidate policy, through the service's own policy and model
 * code, over a decision log and estimates its value with the off-policy estimators: single
 * decisions with {@link dev.bandstand.simulation.evaluation.LogEvaluation}, slates per slot
 * and as a whole with {@link dev.bandstand.simulation.evaluation.SlateEvaluation}.
 */
package dev.bandstand.simulation.evaluation;
