/**
 * The Open Bandit Dataset (Saito, Aihara, Matsutani, Narita 2020, "Open Bandit Dataset and
 * Pipeline: Towards Realistic and Reproducible Off-Policy Evaluation", arXiv:2008.07146):
 * readers for its CSV logs and Thompson-sampling prior, and the {@code obd-ope} scenario
 * that checks the off-policy estimators against the on-policy click rates of its two
 * logging policies.
 */
package dev.bandstand.simulation.obd;
