package dev.bandstand.simulation.log;

/**
 * The checks every log reader applies to a value, with the line named on failure. Stateless.
 */
public final class LogChecks {

    /** How far a probability vector's sum may be from 1 (relative, for rounding). */
    public static final double SUM_TOLERANCE = 1e-6;

    private LogChecks() {
    }

    /**
     * A probability vector over every action: its sum must be 1 within
     * {@link #SUM_TOLERANCE}.
     *
     * @throws LogFormatException naming the field and the sum otherwise
     */
    public static void sumsToOne(String source, long line, String field, double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
            throw new LogFormatException(source, line, field + " must sum to 1 (within "
                    + SUM_TOLERANCE + "): sums to " + sum);
        }
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

    /**
     * {@code v} when it is a cost, that is a reward with its sign turned, the service could have
     * logged: finite with magnitude at most 1e9, the bound of every number the API accepts.
     */
    public static double cost(String source, long line, String field, double v) {
        finite(source, line, field, v);
        if (Math.abs(v) > 1e9) {
            throw new LogFormatException(source, line, field
                    + " must have magnitude at most 1e9, as every reward the service takes: " + v);
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
