/**
 * The decision log: one line per decision with its probabilities and joined outcome, in
 * Vowpal Wabbit's DSJson shape, so that {@code evaluate} and outside tools read what the
 * service writes. {@link dev.bandstand.simulation.log.DsJsonWriter} and {@link
 * dev.bandstand.simulation.log.DsJsonReader} share the format; {@link
 * dev.bandstand.simulation.log.RotatingDecisionLog} appends lines to a file per placement.
 * Bad input is rejected with {@link dev.bandstand.simulation.log.LogFormatException}, which
 * names the line.
 */
package dev.bandstand.simulation.log;
