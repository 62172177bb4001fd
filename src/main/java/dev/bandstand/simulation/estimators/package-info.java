/**
 * Off-policy estimators: what a target policy's mean reward would have been, judged from a log
 * that another (logging) policy produced.
 *
 * <p>Every estimator reads the same input, a list of {@link
 * dev.bandstand.simulation.estimators.Round}s, and returns an {@link
 * dev.bandstand.simulation.estimators.Estimate}: point estimate, percentile-bootstrap
 * confidence interval, effective sample size and a status that says when the log cannot
 * support an answer. The estimators are replay (Li, Chu, Langford, Wang 2011), inverse
 * propensity scoring (Horvitz and Thompson 1952), clipped IPS, self-normalised IPS
 * (Swaminathan and Joachims 2015), the direct method and doubly robust (Dudík, Langford, Li
 * 2011). {@link dev.bandstand.simulation.estimators.OffPolicyEvaluator} runs them.
 */
package dev.bandstand.simulation.estimators;
