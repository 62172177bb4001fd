package dev.bandstand.simulation.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Builds the environment a scenario names, from its parameters and the data directory, and
 * checks those parameters without the data. Every message about a parameter names its key
 * as {@code environment.<key>}; the ranges are documented in {@code simulations/README.md}.
 */
public final class Environments {

    /** The environment of synthetic problems, the only type that reads no dataset. */
    public static final String SYNTHETIC = "synthetic";

    /** The environment types scenario files may name. */
    public static final List<String> TYPES =
            List.of("movielens-artwork", "playlist-context", SYNTHETIC);

    /**
     * Most rounds a run may have: 100 million, a hundred times the throughput yardstick
     * (minutes per policy on the fast path, longer through the engine), so that a typo cannot
     * start a run of days.
     */
    public static final int MAX_ROUNDS = 100_000_000;

    /** Most arms of a synthetic problem and most candidates of a playlist round. */
    public static final int MAX_ARMS = 10_000;

    /** Most simulated seconds between rounds of a synthetic problem: one day. */
    public static final int MAX_SECONDS_PER_ROUND = 86_400;

    /** Most artworks a MovieLens movie can have: one per genre, 20 genres. */
    public static final int MAX_ARTWORKS = 20;

    private static final List<String> BASELINES = List.of("uniform", "best-fixed");

    private Environments() {
    }

    /**
     * Checks an environment's type and parameters as far as can be done without its data: the
     * whole numbers, ranges, names and the synthetic problem itself.
     *
     * @throws IllegalArgumentException naming the key and the reason
     */
    public static void check(String type, Map<String, Object> params) {
        Parameters p = new Parameters(params);
        switch (type) {
            case "movielens-artwork" -> movieLens(p);
            case "playlist-context" -> playlist(p);
            case SYNTHETIC -> Synthetic.create(synthetic(p));
            default -> throw unknownType(type);
        }
    }

    /**
     * The simulated time a run of the environment {@code type} spans, from its first round to
     * the last reward, when the file alone tells it (synthetic problems: rounds times
     * {@code secondsPerRound}, the latest rewards {@code maxDelay} rounds later); null when it
     * depends on the data. {@code params} must have passed {@link #check}.
     */
    public static Duration span(String type, Map<String, Object> params) {
        if (!type.equals(SYNTHETIC)) {
            return null;
        }
        Synthetic.Settings s = synthetic(new Parameters(params));
        return Duration.ofSeconds(s.secondsPerRound()).multipliedBy((long) s.rounds()
                + s.maxDelay());
    }

    /**
     * The names of the baselines the environment of {@code type} reports, the same as its
     * {@link Environment#baselines()}.
     */
    public static List<String> baselines(String type) {
        if (!TYPES.contains(type)) {
            throw unknownType(type);
        }
        return BASELINES;
    }

    /**
     * Creates an environment.
     *
     * @param type one of {@link #TYPES}
     * @param params the scenario's environment parameters (numbers, strings, lists)
     * @param data the data root (holding {@code movielens-latest-small/} and so on) or a
     *     dataset folder itself; may be null for synthetic environments
     * @throws IllegalArgumentException for an unknown type or a bad parameter
     * @throws IOException when a dataset cannot be read
     */
    public static Environment create(String type, Map<String, Object> params, Path data)
            throws IOException {
        Parameters p = new Parameters(params);
        switch (type) {
            case "movielens-artwork" -> {
                MovieLensArtwork.Settings settings = movieLens(p);
                return MovieLensArtwork.load(dataset(data, params, "movielens-latest-small",
                        "ratings.csv"), settings);
            }
            case "playlist-context" -> {
                Playlist q = playlist(p);
                return PlaylistContext.load(dataset(data, params, "mumr-music-context",
                        "interactions.csv"), q.rounds(), q.candidates(), q.slateSize());
            }
            case SYNTHETIC -> {
                return Synthetic.create(synthetic(p));
            }
            default -> throw unknownType(type);
        }
    }

    /**
     * The folder of a dataset: {@code data} itself when it holds {@code marker}, else
     * {@code data/<params.data or folder>}.
     *
     * @throws IllegalArgumentException when {@code data} is null
     * @throws IOException when the folder lacks {@code marker}
     */
    public static Path dataset(Path data, Map<String, Object> params, String folder,
            String marker) throws IOException {
        if (data == null) {
            throw new IllegalArgumentException("this environment reads the dataset " + folder
                    + "/: give --data");
        }
        Path dir = Files.exists(data.resolve(marker)) ? data
                : data.resolve(new Parameters(params).text("data", folder));
        if (!Files.exists(dir.resolve(marker))) {
            throw new IOException("no " + marker + " in " + dir + " (see simulations/README.md"
                    + " for where to get the dataset)");
        }
        return dir;
    }

    private static MovieLensArtwork.Settings movieLens(Parameters p) {
        MovieLensArtwork.Settings d = MovieLensArtwork.Settings.defaults();
        return new MovieLensArtwork.Settings(
                p.number("baseLogit", d.baseLogit()),
                p.number("affinityWeight", d.affinityWeight()),
                p.positive("kappa", d.kappa()),
                zone(p.text("zone", d.zone().getId())),
                p.integer("maxEvents", 0, 0, MAX_ROUNDS),
                p.integer("minArtworks", d.minArtworks(), 1, MAX_ARTWORKS));
    }

    /** The parameters of {@link PlaylistContext#load}. */
    private record Playlist(int rounds, int candidates, int slateSize) {
    }

    private static Playlist playlist(Parameters p) {
        int candidates = p.integer("candidates", 20, 1, MAX_ARMS);
        return new Playlist(p.integer("rounds", 20_000, 1, MAX_ROUNDS), candidates,
                p.integer("slateSize", 5, 1, candidates));
    }

    private static Synthetic.Settings synthetic(Parameters p) {
        String problem = p.oneOf("problem", null, Synthetic.PROBLEMS);
        int rounds = p.integer("rounds", 20_000, 1, MAX_ROUNDS);
        return new Synthetic.Settings(problem, rounds,
                p.integer("arms", 10, 2, MAX_ARMS),
                p.numbers("rates", 0, 1, 2, MAX_ARMS),
                p.integer("changeAt", rounds / 2, 0, rounds),
                p.number("newArmRate", 0.6, 0, 1),
                p.whole("secondsPerRound", 60, 0, MAX_SECONDS_PER_ROUND),
                p.integer("maxDelay", 0, 0, rounds),
                p.whole("truthSeed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("environment.zone must be a time-zone id such as"
                    + " America/Chicago, was '" + id + "'", e);
        }
    }

    private static IllegalArgumentException unknownType(String type) {
        return new IllegalArgumentException("environment.type must be one of "
                + String.join(", ", TYPES) + "; was " + type);
    }
}
