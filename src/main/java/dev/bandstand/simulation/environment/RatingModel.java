package dev.bandstand.simulation.environment;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * A linear model of a 1-5 rating given track features, activity and time period, fitted by
 * ridge-regularised least squares (Hoerl and Kennard 1970; solved by Cholesky with Commons
 * Math).
 *
 * <p>Design, for track features f (energy, valence, danceability, acousticness, tempo / 200),
 * activity level a and period p: an intercept, one indicator per activity level and per
 * period except the first of each (the reference), f, and f times each of those indicators.
 * So every context has its own linear taste for the track features. The penalty
 * {@code lambda} applies to every coefficient but the intercept. An activity code seen in
 * fewer than {@link #MIN_LEVEL_ROWS} rows is read as the most frequent code.
 *
 * <p>Limitations: no per-user effects (it is a population model), and the ratings are of
 * tracks the study's own recommender chose, so the fit is only as good as that sample.
 */
final class RatingModel {

    /** Track features of the design, in order, as named in {@code music_info.csv}. */
    static final List<String> TRACK_FEATURES =
            List.of("energy", "valence", "danceability", "acousticness", "tempo");

    /** Rows an activity code needs to be its own level. */
    static final int MIN_LEVEL_ROWS = 20;

    private static final double LAMBDA = 1.0;

    private final int[] levels;
    private final int commonLevel;
    private final int[] periods;
    private final double[] beta;
    private final double[][] contextShare;
    private final int rows;
    private final double rmse;

    private RatingModel(int[] levels, int commonLevel, int[] periods, double[] beta,
            double[][] contextShare, int rows, double rmse) {
        this.levels = levels;
        this.commonLevel = commonLevel;
        this.periods = periods;
        this.beta = beta;
        this.contextShare = contextShare;
        this.rows = rows;
        this.rmse = rmse;
    }

    /** Divisor that brings a raw feature near [0, 1]. */
    static double scale(String feature) {
        return feature.equals("tempo") ? 200.0 : 1.0;
    }

    /**
     * Fits the model.
     *
     * @param features per row, the scaled track features in {@link #TRACK_FEATURES} order
     * @param activities per row, the activity code
     * @param periods per row, the time period code 1, 2 or 3
     * @param ratings per row, the rating
     */
    static RatingModel fit(double[][] features, int[] activities, int[] periods,
            double[] ratings) {
        return fit(features, activities, periods, ratings, LAMBDA);
    }

    /** Fits the model with ridge penalty {@code lambda} (0 for plain least squares). */
    static RatingModel fit(double[][] features, int[] activities, int[] periods,
            double[] ratings, double lambda) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int a : activities) {
            counts.merge(a, 1, Integer::sum);
        }
        int common = counts.entrySet().stream().max(Map.Entry.comparingByValue())
                .orElseThrow().getKey();
        int[] levels = counts.entrySet().stream().filter(e -> e.getValue() >= MIN_LEVEL_ROWS
                || e.getKey() == common).mapToInt(Map.Entry::getKey).toArray();
        int[] pers = {1, 2, 3};
        RatingModel shape = new RatingModel(levels, common, pers, null, null, 0, 0);

        int d = shape.width();
        RealMatrix xtx = new Array2DRowRealMatrix(d, d);
        RealVector xty = new ArrayRealVector(d);
        double[][] share = new double[levels.length][pers.length];
        for (int r = 0; r < ratings.length; r++) {
            int a = shape.activityLevel(activities[r]);
            double[] x = shape.design(features[r], a, periods[r]);
            for (int i = 0; i < d; i++) {
                xty.addToEntry(i, x[i] * ratings[r]);
                for (int j = 0; j < d; j++) {
                    xtx.addToEntry(i, j, x[i] * x[j]);
                }
            }
            share[shape.levelIndex(a)][periods[r] - 1] += 1.0 / ratings.length;
        }
        for (int i = 1; i < d; i++) {
            xtx.addToEntry(i, i, lambda);
        }
        double[] beta = new CholeskyDecomposition(xtx, 1e-12, 1e-14).getSolver()
                .solve(xty).toArray();

        RatingModel fitted = new RatingModel(levels, common, pers, beta, share,
                ratings.length, 0);
        double sse = 0;
        for (int r = 0; r < ratings.length; r++) {
            double e = ratings[r] - fitted.predict(features[r],
                    fitted.activityLevel(activities[r]), periods[r]);
            sse += e * e;
        }
        return new RatingModel(levels, common, pers, beta, share, ratings.length,
                Math.sqrt(sse / ratings.length));
    }

    /** The activity level an activity code is read as. */
    int activityLevel(int code) {
        for (int l : levels) {
            if (l == code) {
                return code;
            }
        }
        return commonLevel;
    }

    /** Expected rating of a track with features {@code f} at activity level a, period p. */
    double predict(double[] f, int activity, int period) {
        double[] x = design(f, activity, period);
        double y = 0;
        for (int i = 0; i < x.length; i++) {
            y += beta[i] * x[i];
        }
        return y;
    }

    /** Expected rating averaged over the contexts, weighted as they occur in the data. */
    double predictAverage(double[] f) {
        double y = 0;
        for (int a = 0; a < levels.length; a++) {
            for (int p = 0; p < periods.length; p++) {
                if (contextShare[a][p] > 0) {
                    y += contextShare[a][p] * predict(f, levels[a], periods[p]);
                }
            }
        }
        return y;
    }

    /** The fitted coefficients, in design order (intercept first). */
    double[] coefficients() {
        return beta.clone();
    }

    /** One paragraph for the report: the design, the fit, and its in-sample error. */
    String describe() {
        return String.format(Locale.ROOT, "Ratings 1-5 fitted by ridge least squares "
                + "(lambda %.1f) on %d listens: %d coefficients (intercept, activity levels %s "
                + "and periods 1-3 as indicators, features %s, and every feature times every "
                + "indicator); in-sample RMSE %.3f. Like probability = (rating - 1) / 4; "
                + "position k is seen with probability 1 / log2(k + 2).", LAMBDA, rows,
                beta.length, java.util.Arrays.toString(levels), TRACK_FEATURES, rmse);
    }

    private int width() {
        int indicators = levels.length - 1 + periods.length - 1;
        int f = TRACK_FEATURES.size();
        return 1 + indicators + f + f * indicators;
    }

    private int levelIndex(int activity) {
        for (int i = 0; i < levels.length; i++) {
            if (levels[i] == activity) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an activity level: " + activity);
    }

    private double[] design(double[] f, int activity, int period) {
        if (period < 1 || period > periods.length) {
            throw new IllegalArgumentException("time_period must be 1..3: " + period);
        }
        int indicators = levels.length - 1 + periods.length - 1;
        double[] ind = new double[indicators];
        int li = levelIndex(activity);
        if (li > 0) {
            ind[li - 1] = 1;
        }
        if (period > 1) {
            ind[levels.length - 1 + period - 2] = 1;
        }
        double[] x = new double[width()];
        int k = 0;
        x[k++] = 1;
        for (double v : ind) {
            x[k++] = v;
        }
        for (double v : f) {
            x[k++] = v;
        }
        for (double v : ind) {
            for (double g : f) {
                x[k++] = v * g;
            }
        }
        return x;
    }
}
