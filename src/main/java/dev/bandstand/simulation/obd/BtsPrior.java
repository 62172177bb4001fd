package dev.bandstand.simulation.obd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Beta(alpha, beta) parameters of the Open Bandit Dataset's Bernoulli Thompson sampling
 * policy, one pair per item, as {@code prior_bts.yaml} of the zr-obp repository gives them:
 * {@code <campaign>: {alpha: [...], beta: [...]}}, list index = item id.
 *
 * @param campaign the campaign the parameters belong to
 * @param alpha alpha per item, each {@code > 0}; callers must not change it
 * @param beta beta per item, each {@code > 0}, same length as alpha
 */
public record BtsPrior(String campaign, double[] alpha, double[] beta) {

    /** Checks lengths and signs. */
    public BtsPrior {
        if (alpha.length != beta.length || alpha.length == 0) {
            throw new IllegalArgumentException("alpha and beta must have the same, non-zero"
                    + " length: " + alpha.length + ", " + beta.length);
        }
        for (int i = 0; i < alpha.length; i++) {
            if (!(alpha[i] > 0) || !(beta[i] > 0)) {
                throw new IllegalArgumentException("alpha[" + i + "] and beta[" + i
                        + "] must be > 0: " + alpha[i] + ", " + beta[i]);
            }
        }
    }

    /**
     * The parameters of {@code campaign} from a {@code prior_bts.yaml} file.
     *
     * @throws IllegalArgumentException when the campaign or its lists are missing
     */
    public static BtsPrior read(Path file, String campaign) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        JsonNode c = root == null ? null : root.get(campaign);
        if (c == null) {
            throw new IllegalArgumentException(file.getFileName() + " has no campaign "
                    + campaign);
        }
        return new BtsPrior(campaign, list(c, "alpha", file), list(c, "beta", file));
    }

    private static double[] list(JsonNode c, String name, Path file) {
        JsonNode values = c.get(name);
        if (values == null || !values.isArray()) {
            throw new IllegalArgumentException(file.getFileName() + ": " + name
                    + " must be a list");
        }
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asDouble()));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Number of items. */
    public int items() {
        return alpha.length;
    }
}
