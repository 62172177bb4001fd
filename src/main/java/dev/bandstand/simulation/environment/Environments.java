package dev.bandstand.simulation.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Builds the environment a scenario names, from its parameters and the data directory. */
public final class Environments {

    /** The environment types scenario files may name. */
    public static final List<String> TYPES =
            List.of("movielens-artwork", "playlist-context", "synthetic");

    private Environments() {
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
        switch (type) {
            case "movielens-artwork" -> {
                MovieLensArtwork.Settings d = MovieLensArtwork.Settings.defaults();
                return MovieLensArtwork.load(dataset(data, params, "movielens-latest-small",
                        "ratings.csv"), new MovieLensArtwork.Settings(
                        num(params, "baseLogit", d.baseLogit()),
                        num(params, "affinityWeight", d.affinityWeight()),
                        num(params, "kappa", d.kappa()),
                        ZoneId.of(str(params, "zone", d.zone().getId())),
                        (int) num(params, "maxEvents", 0),
                        (int) num(params, "minArtworks", d.minArtworks())));
            }
            case "playlist-context" -> {
                return PlaylistContext.load(dataset(data, params, "mumr-music-context",
                        "interactions.csv"), (int) num(params, "rounds", 20_000),
                        (int) num(params, "candidates", 20), (int) num(params, "slateSize", 5));
            }
            case "synthetic" -> {
                int rounds = (int) num(params, "rounds", 20_000);
                return Synthetic.create(new Synthetic.Settings(str(params, "problem", null),
                        rounds, (int) num(params, "arms", 10), rates(params),
                        (int) num(params, "changeAt", rounds / 2),
                        num(params, "newArmRate", 0.6),
                        (long) num(params, "secondsPerRound", 60),
                        (int) num(params, "maxDelay", 0),
                        (long) num(params, "truthSeed", 1)));
            }
            default -> throw new IllegalArgumentException("unknown environment type " + type
                    + "; known: " + TYPES);
        }
    }

    /**
     * The folder of a dataset: {@code data} itself when it holds {@code marker}, else
     * {@code data/<params.data or folder>}.
     */
    public static Path dataset(Path data, Map<String, Object> params, String folder,
            String marker) throws IOException {
        if (data == null) {
            throw new IllegalArgumentException("this environment reads a dataset: give --data");
        }
        Path dir = Files.exists(data.resolve(marker)) ? data
                : data.resolve(str(params, "data", folder));
        if (!Files.exists(dir.resolve(marker))) {
            throw new IOException("no " + marker + " in " + dir + " (see simulations/README.md"
                    + " for where to get the dataset)");
        }
        return dir;
    }

    private static double num(Map<String, Object> params, String key, double fallback) {
        Object v = params.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("environment." + key + " must be a number: " + v);
    }

    private static String str(Map<String, Object> params, String key, String fallback) {
        Object v = params.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("environment." + key + " is required");
            }
            return fallback;
        }
        return v.toString();
    }

    private static double[] rates(Map<String, Object> params) {
        Object v = params.get("rates");
        if (v == null) {
            return new double[0];
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("environment.rates must be a list: " + v);
        }
        double[] r = new double[list.size()];
        for (int i = 0; i < r.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("environment.rates must be numbers: " + v);
            }
            r[i] = n.doubleValue();
        }
        return r;
    }
}
