package dev.bandstand.simulation.environment;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Forgetting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Context-aware playlists against a rating model fitted on the MUMR field study: each round
 * draws a real listening context (activity and time period of a row of
 * {@code interactions.csv}) and {@code candidates} of the study's tracks, the bandit fills a
 * slate of {@code slateSize} tracks, and each track shown is liked with a known probability.
 *
 * <p>Truth. A least-squares model of the 1-5 rating (see {@link RatingModel}) gives the
 * expected rating r of a track in a context; the like probability is
 * {@code clamp((r - 1) / 4, 0.01, 0.99)}. Position k (0-based) of a slate is looked at with
 * probability {@code 1 / log2(k + 2)} (the discount of DCG), so the expected reward of a
 * slate is the sum of weight times like probability, and the oracle sorts the candidates by
 * like probability.
 *
 * <p>Context. The activity is the wrist band's activity-type mode as {@code act-<code>} (the
 * codes are undocumented upstream); the time period code 1, 2, 3 is placed at local hour 9,
 * 15, 20 (morning, afternoon, evening; the study does not define the codes, this reading is
 * ours), zone UTC.
 */
public final class PlaylistContext implements Environment {

    // the forgetting epoch, so that half-lives of hours stay within the weights' range
    private static final Instant START = Forgetting.DEFAULT_EPOCH;
    private static final int[] PERIOD_HOURS = {9, 15, 20};

    private final RatingModel model;
    private final List<Arm> tracks;
    private final List<double[]> trackFeatures;
    private final int[] activities;
    private final int[] periods;
    private final int rounds;
    private final int candidates;
    private final int slateSize;

    private PlaylistContext(RatingModel model, List<Arm> tracks, List<double[]> features,
            int[] activities, int[] periods, int rounds, int candidates, int slateSize) {
        this.model = model;
        this.tracks = tracks;
        this.trackFeatures = features;
        this.activities = activities;
        this.periods = periods;
        this.rounds = rounds;
        this.candidates = Math.min(candidates, tracks.size());
        this.slateSize = slateSize;
        if (slateSize < 1 || slateSize > this.candidates) {
            throw new IllegalArgumentException("slateSize must be 1.." + this.candidates + ": "
                    + slateSize);
        }
    }

    /**
     * Loads {@code interactions.csv} and {@code music_info.csv} from {@code dir} and fits the
     * rating model.
     *
     * @param rounds rounds per run
     * @param candidates tracks offered per round (at most the tracks played in the study)
     * @param slateSize tracks chosen per round
     */
    public static PlaylistContext load(Path dir, int rounds, int candidates, int slateSize)
            throws IOException {
        Csv music = Csv.read(dir.resolve("music_info.csv"));
        Csv listens = Csv.read(dir.resolve("interactions.csv"));
        Map<Integer, double[]> featuresById = new HashMap<>();
        Map<Integer, String> genreById = new HashMap<>();
        int cid = music.column("i_id_c");
        int cg = music.column("general_genre");
        for (int r = 0; r < music.size(); r++) {
            int id = (int) Double.parseDouble(music.get(r, cid));
            if (id < 0 || music.get(r, music.column("energy")).isEmpty()) {
                continue;
            }
            double[] f = new double[RatingModel.TRACK_FEATURES.size()];
            for (int k = 0; k < f.length; k++) {
                String name = RatingModel.TRACK_FEATURES.get(k);
                f[k] = Double.parseDouble(music.get(r, music.column(name)))
                        / RatingModel.scale(name);
            }
            featuresById.put(id, f);
            genreById.put(id, music.get(r, cg));
        }

        int n = listens.size();
        int[] acts = new int[n];
        int[] pers = new int[n];
        double[][] rowFeatures = new double[n][];
        double[] ratings = new double[n];
        Map<Integer, Arm> played = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int track = Integer.parseInt(listens.get(r, listens.column("music_id")));
            double[] f = featuresById.get(track);
            if (f == null) {
                throw new IOException("track " + track + " has no features in music_info.csv");
            }
            acts[r] = Integer.parseInt(listens.get(r,
                    listens.column("wrist_activity_type_mode")));
            pers[r] = Integer.parseInt(listens.get(r, listens.column("time_period")));
            rowFeatures[r] = f;
            ratings[r] = Double.parseDouble(listens.get(r, listens.column("rating")));
            if (!played.containsKey(track)) {
                order.add(track);
                played.put(track, armOf(track, f, genreById.get(track)));
            }
        }
        RatingModel model = RatingModel.fit(rowFeatures, acts, pers, ratings);
        List<Arm> arms = new ArrayList<>();
        List<double[]> features = new ArrayList<>();
        for (int id : order) {
            arms.add(played.get(id));
            features.add(featuresById.get(id));
        }
        return new PlaylistContext(model, List.copyOf(arms), features, acts, pers, rounds,
                candidates, slateSize);
    }

    @Override
    public String name() {
        return "playlist-context";
    }

    @Override
    public String notes() {
        return model.describe();
    }

    @Override
    public int rounds() {
        return rounds;
    }

    @Override
    public int slateSize() {
        return slateSize;
    }

    @Override
    public List<String> baselines() {
        return List.of("uniform", "best-fixed");
    }

    @Override
    public double positionWeight(int position) {
        return 1.0 / (Math.log(position + 2) / Math.log(2));
    }

    @Override
    public Round round(int step, RandomGenerator random) {
        int row = random.nextInt(activities.length);
        int activity = model.activityLevel(activities[row]);
        int period = periods[row];
        long day = step / 24;
        Instant t = START.plusSeconds(day * 86_400 + PERIOD_HOURS[period - 1] * 3600L
                + random.nextInt(3600));
        Context c = Contexts.at(t, ZoneOffset.UTC, "unknown", "act-" + activity, Map.of());

        int[] pick = sample(random, tracks.size(), candidates);
        List<Arm> offered = new ArrayList<>(candidates);
        double[] e = new double[candidates];
        double[] fixed = new double[candidates];
        for (int k = 0; k < candidates; k++) {
            offered.add(tracks.get(pick[k]));
            double[] f = trackFeatures.get(pick[k]);
            e[k] = like(model.predict(f, activity, period));
            fixed[k] = like(model.predictAverage(f));
        }
        double uniform = Slates.uniformValue(e, slateSize, this::positionWeight);
        return new Round(step, c, offered, e, new double[] {uniform, fixedValue(e, fixed)},
                c.activity() + "/" + c.partOfDay());
    }

    /**
     * The context-free best slate: the candidates ordered by their like probability averaged
     * over the study's contexts, valued in this round's context.
     */
    private double fixedValue(double[] e, double[] fixed) {
        Integer[] idx = new Integer[e.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(fixed[b], fixed[a]));
        double v = 0;
        for (int k = 0; k < slateSize; k++) {
            v += positionWeight(k) * e[idx[k]];
        }
        return v;
    }

    /** Like probability of an expected rating on the 1-5 scale. */
    static double like(double rating) {
        return Math.max(0.01, Math.min(0.99, (rating - 1) / 4));
    }

    private static Arm armOf(int id, double[] f, String genre) {
        Map<String, Object> features = new HashMap<>();
        for (int k = 0; k < f.length; k++) {
            features.put(RatingModel.TRACK_FEATURES.get(k), f[k]);
        }
        features.put("genre", genre.toLowerCase(Locale.ROOT).replace(' ', '-'));
        return new Arm("t" + id, features);
    }

    /** {@code k} distinct indexes of {@code 0..n-1} by a partial Fisher-Yates shuffle. */
    private static int[] sample(RandomGenerator random, int n, int k) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return java.util.Arrays.copyOf(all, k);
    }
}
