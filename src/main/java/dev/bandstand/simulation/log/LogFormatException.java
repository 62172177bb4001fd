package dev.bandstand.simulation.log;

/**
 * A log line that cannot be used: a missing column or field, a propensity of 0, below 0,
 * above 1 or NaN, a value that does not parse. The message starts with the file's name (when
 * known) and the 1-based line number, such as {@code men.csv line 12: propensity_score must
 * be in (0, 1]: 0}.
 */
public final class LogFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long line;

    /**
     * @param source file name or other label of the log; may be null
     * @param line 1-based line number of the bad line
     * @param problem what is wrong, naming the field and the value
     */
    public LogFormatException(String source, long line, String problem) {
        super((source == null ? "" : source + " ") + "line " + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line number of the bad line. */
    public long line() {
        return line;
    }
}
