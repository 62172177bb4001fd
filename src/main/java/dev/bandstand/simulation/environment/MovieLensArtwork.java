package dev.bandstand.simulation.environment;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Semi-synthetic artwork choice on MovieLens ratings: every real rating event (user, movie,
 * time) is an impression, the candidates are the movie's artworks, one per genre of the
 * movie, and the click probability of an artwork is a known function of the user's affinity
 * for its genre and of the local hour.
 *
 * <p>Truth. For user u, artwork of genre g, local part of day h:
 * {@code logit p = baseLogit + affinityWeight * a(u, g) + timeEffect(g, h)}, where
 * {@code a(u, g) = (S_g - n_g * m_u) / (n_g + kappa)} uses only ratings u gave strictly
 * before this event (earlier in time order): S_g and n_g are the sum and number of u's
 * earlier ratings of movies with genre g, m_u the mean of all u's earlier ratings (3.5 before
 * the first). So a(u, g) is a shrunk mean of how much better than usual u rates genre g, in
 * stars; the rating of the event itself is never used. {@link TimeEffects} lists the time
 * effect. Times are placed in {@code zone} (the data has UTC instants only).
 *
 * <p>Baselines: {@code uniform} (mean over the artworks) and {@code best-fixed}, the
 * artwork with the highest total click probability over all of that movie's events in
 * hindsight, which is what a per-movie A/B test would settle on.
 *
 * <p>Limitations: movies with fewer than {@code minArtworks} genres are skipped (no choice
 * to make); the genre tag {@code (no genres listed)} is not an artwork. Events keep their
 * real times (1996-2016); simulations weigh forgetting from the run's first day, so a
 * half-life works if the run spans fewer than 960 of them (at least 8 days for all events).
 */
public final class MovieLensArtwork implements Environment {

    /**
     * Parameters of the truth.
     *
     * @param baseLogit log-odds of a click at zero affinity and no time effect
     * @param affinityWeight log-odds per star of affinity
     * @param kappa shrinkage of the affinity towards 0, in pseudo-ratings
     * @param zone zone the UTC instants are placed in for the local hour
     * @param maxEvents use at most this many events (the earliest), or 0 for all
     * @param minArtworks skip movies with fewer genres than this
     */
    public record Settings(double baseLogit, double affinityWeight, double kappa, ZoneId zone,
            int maxEvents, int minArtworks) {

        /** Defaults documented in simulations/README.md. */
        public static Settings defaults() {
            return new Settings(-2.0, 1.0, 3.0, ZoneId.of("America/Chicago"), 0, 2);
        }
    }

    private final Settings settings;
    private final long[] seconds;
    private final List<List<Arm>> arms;
    private final double[][] expected;
    private final double[][] baselines;
    private final List<Map<String, Object>> features;

    private MovieLensArtwork(Settings settings, Events events) {
        this.settings = settings;
        this.seconds = events.seconds.stream().mapToLong(Long::longValue).toArray();
        this.arms = events.arms;
        this.expected = events.expected.toArray(new double[0][]);
        this.features = events.features;
        this.baselines = new double[expected.length][];
        fillBaselines(events.movies);
    }

    /** Loads {@code ratings.csv} and {@code movies.csv} from {@code dir}. */
    public static MovieLensArtwork load(Path dir, Settings settings) throws IOException {
        Csv movies = Csv.read(dir.resolve("movies.csv"));
        Csv ratings = Csv.read(dir.resolve("ratings.csv"));
        Map<Integer, List<String>> genres = new HashMap<>();
        int mid = movies.column("movieId");
        int mg = movies.column("genres");
        for (int r = 0; r < movies.size(); r++) {
            List<String> gs = new ArrayList<>();
            for (String g : movies.get(r, mg).split("\\|")) {
                if (!g.isBlank() && !g.startsWith("(")) {
                    gs.add(g.trim());
                }
            }
            genres.put(Integer.parseInt(movies.get(r, mid)), gs);
        }
        return new MovieLensArtwork(settings, Events.build(ratings, genres, settings));
    }

    @Override
    public String name() {
        return "movielens-artwork";
    }

    @Override
    public int rounds() {
        return expected.length;
    }

    @Override
    public int slateSize() {
        return 1;
    }

    @Override
    public List<String> baselines() {
        return List.of("uniform", "best-fixed");
    }

    @Override
    public Round round(int step, RandomGenerator random) {
        Instant t = Instant.ofEpochSecond(seconds[step]);
        Context c = Contexts.at(t, settings.zone(), "unknown", "unknown", features.get(step));
        return new Round(step, c, arms.get(step), expected[step], baselines[step],
                c.partOfDay());
    }

    /** The genre of an artwork id as made by this environment, such as {@code sci-fi}. */
    static String slug(String genre) {
        return genre.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    private void fillBaselines(int[] movies) {
        Map<Integer, double[]> totals = new HashMap<>();
        for (int i = 0; i < expected.length; i++) {
            int size = expected[i].length;
            double[] sum = totals.computeIfAbsent(movies[i], m -> new double[size]);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += expected[i][k];
            }
        }
        for (int i = 0; i < expected.length; i++) {
            double[] sum = totals.get(movies[i]);
            int best = 0;
            for (int k = 1; k < sum.length; k++) {
                if (sum[k] > sum[best]) {
                    best = k;
                }
            }
            double mean = Arrays.stream(expected[i]).average().orElse(0);
            baselines[i] = new double[] {mean, expected[i][best]};
        }
    }

    /** The events in time order with their truth, computed in one pass. */
    private static final class Events {
        final List<Integer> users = new ArrayList<>();
        final List<Long> seconds = new ArrayList<>();
        final List<List<Arm>> arms = new ArrayList<>();
        final List<double[]> expected = new ArrayList<>();
        final List<Map<String, Object>> features = new ArrayList<>();
        int[] movies;

        static Events build(Csv ratings, Map<Integer, List<String>> genres, Settings s) {
            int cu = ratings.column("userId");
            int cm = ratings.column("movieId");
            int cr = ratings.column("rating");
            int ct = ratings.column("timestamp");
            Integer[] order = new Integer[ratings.size()];
            long[] ts = new long[ratings.size()];
            for (int r = 0; r < order.length; r++) {
                order[r] = r;
                ts[r] = Long.parseLong(ratings.get(r, ct));
            }
            // stable sort: events of the same second keep file order
            Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));

            Events ev = new Events();
            List<Integer> movieList = new ArrayList<>();
            Map<Integer, UserHistory> histories = new HashMap<>();
            Map<Integer, List<Arm>> armsByMovie = new HashMap<>();
            for (int r : order) {
                int user = Integer.parseInt(ratings.get(r, cu));
                int movie = Integer.parseInt(ratings.get(r, cm));
                double rating = Double.parseDouble(ratings.get(r, cr));
                List<String> gs = genres.getOrDefault(movie, List.of());
                UserHistory h = histories.computeIfAbsent(user, u -> new UserHistory());
                boolean wanted = s.maxEvents() <= 0 || ev.expected.size() < s.maxEvents();
                if (gs.size() >= s.minArtworks() && wanted) {
                    int hour = Instant.ofEpochSecond(ts[r]).atZone(s.zone()).getHour();
                    ev.users.add(user);
                    ev.seconds.add(ts[r]);
                    movieList.add(movie);
                    ev.arms.add(armsByMovie.computeIfAbsent(movie, m -> armsOf(m, gs)));
                    ev.expected.add(truth(h, gs, hour, s));
                    ev.features.add(h.features(s.kappa()));
                }
                h.add(gs, rating);
            }
            ev.movies = movieList.stream().mapToInt(Integer::intValue).toArray();
            return ev;
        }

        private static List<Arm> armsOf(int movie, List<String> genres) {
            List<Arm> list = new ArrayList<>();
            for (String g : genres) {
                String slug = slug(g);
                list.add(new Arm("m" + movie + "/" + slug,
                        Map.of("genre", slug, "tags", List.of(slug))));
            }
            return List.copyOf(list);
        }

        private static double[] truth(UserHistory h, List<String> genres, int hour,
                Settings s) {
            double[] p = new double[genres.size()];
            for (int k = 0; k < p.length; k++) {
                String g = genres.get(k);
                double logit = s.baseLogit() + s.affinityWeight() * h.affinity(g, s.kappa())
                        + TimeEffects.of(g, hour);
                p[k] = 1.0 / (1.0 + Math.exp(-logit));
            }
            return p;
        }
    }

    /** One user's ratings so far, per genre. */
    static final class UserHistory {
        private final Map<String, double[]> byGenre = new LinkedHashMap<>();
        private double sum;
        private int count;

        /** Adds one rating of a movie with {@code genres}. */
        void add(List<String> genres, double rating) {
            sum += rating;
            count++;
            for (String g : genres) {
                double[] sn = byGenre.computeIfAbsent(g, x -> new double[2]);
                sn[0] += rating;
                sn[1] += 1;
            }
        }

        /** Mean of all ratings so far, 3.5 before the first. */
        double mean() {
            return count == 0 ? 3.5 : sum / count;
        }

        /** {@code (S_g - n_g * mean) / (n_g + kappa)}. */
        double affinity(String genre, double kappa) {
            double[] sn = byGenre.get(genre);
            if (sn == null) {
                return 0;
            }
            return (sn[0] - sn[1] * mean()) / (sn[1] + kappa);
        }

        /**
         * What the bandit may know of the user: the genre of highest affinity so far
         * ({@code favouriteGenre}, {@code none} before any rating) and the number of ratings.
         */
        Map<String, Object> features(double kappa) {
            String best = "none";
            double bestA = 0;
            for (String g : byGenre.keySet()) {
                double a = affinity(g, kappa);
                if (a > bestA) {
                    bestA = a;
                    best = slug(g);
                }
            }
            return Map.of("favouriteGenre", best, "ratings", (double) count);
        }
    }
}
