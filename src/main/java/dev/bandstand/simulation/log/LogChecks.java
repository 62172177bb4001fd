package dev.bandstand.simulation.log;

/**
 * The checks every log reader applies to a value, with the line named on failure. Stateless.
 */
public final class LogChecks {

    private LogChecks() {
    }

    /**
     * A logging propensity: a number in (0, 1].
     *
     * @throws LogFormatException for 0, a negative number, a number above 1 or NaN
     */
    public static double propensity(String source, long line, String field, double p) {
        if (Double.isNaN(p)) {
            throw new LogFormatException(source, line, field + " is NaN");
        }
        if (!(p > 0 && p <= 1)) {
            throw new LogFormatException(source, line, field + " must be in (0, 1]: " + p);
        }
        return p;
    }

    /** A probability in [0, 1] (another action's, which may be 0). */
    public static double probability(String source, long line, String field, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new LogFormatException(source, line, field + " must be in [0, 1]: " + p);
        }
        return p;
    }

    /**
     * A number parsed from text; NaN and infinities pass, so that the caller's range check
     * (such as {@link #propensity}) names them.
     */
    public static double number(String source, long line, String field, String text) {
        if (text == null || text.isBlank()) {
            throw new LogFormatException(source, line, field + " is missing");
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new LogFormatException(source, line, field + " is not a number: " + text);
        }
        return v;
    }

    /** A finite number; NaN and infinities are rejected. */
    public static double finite(String source, long line, String field, double v) {
        if (!Double.isFinite(v)) {
            throw new LogFormatException(source, line, field + " must be finite: " + v);
        }
        return v;
    }

    /** An integer parsed from text. */
    public static int integer(String source, long line, String field, String text) {
        if (text == null || text.isBlank()) {
            throw new LogFormatException(source, line, field + " is missing");
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new LogFormatException(source, line, field + " is not an integer: " + text);
        }
    }
}
