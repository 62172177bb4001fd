package dev.bandstand.simulation.obd;

import dev.bandstand.simulation.environment.Csv;
import dev.bandstand.simulation.log.LogChecks;
import dev.bandstand.simulation.log.LogFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Open Bandit Dataset's CSV files, as laid out in the zr-obp repository:
 * {@code <root>/<policy>/<campaign>/<campaign>.csv} and {@code .../item_context.csv}.
 *
 * <p>Log columns, found by header name: an unnamed row index, {@code timestamp}
 * ({@code 2019-11-24 00:03:13.442536+00:00}), {@code item_id}, {@code position},
 * {@code click}, {@code propensity_score}, {@code user_feature_0..} and
 * {@code user-item_affinity_0..}. A missing column is reported on line 1; a row with the
 * wrong number of fields, a value that does not parse, a click other than 0 or 1, an item
 * outside the item list or a propensity of 0, below 0, above 1 or NaN is reported with its
 * line number (the header is line 1) as a {@link LogFormatException}.
 *
 * <p>Stateless and thread-safe; reading blocks the calling thread.
 */
public final class ObdReader {

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    /** A reader. */
    public ObdReader() {
    }

    /**
     * The log of {@code campaign} under logging {@code policy} below {@code root}.
     *
     * @throws LogFormatException naming the first bad line of either file
     */
    public ObdLog read(Path root, String policy, String campaign) throws IOException {
        Path dir = root.resolve(policy).resolve(campaign);
        List<ObdItem> items = readItems(dir.resolve("item_context.csv"));
        List<ObdImpression> rows = readImpressions(dir.resolve(campaign + ".csv"),
                items.size());
        return new ObdLog(policy, campaign, items, rows);
    }

    /** The rows of an {@code item_context.csv}, indexed by item id (0..n-1, each once). */
    public List<ObdItem> readItems(Path file) throws IOException {
        String source = file.getFileName().toString();
        List<String[]> rows = new ArrayList<>();
        Map<String, Integer> header = readAll(file, rows);
        int item = column(header, source, "item_id");
        int f0 = column(header, source, "item_feature_0");
        List<Integer> categorical = new ArrayList<>();
        for (int k = 1; header.containsKey("item_feature_" + k); k++) {
            categorical.add(header.get("item_feature_" + k));
        }

        ObdItem[] byId = new ObdItem[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] f = rows.get(r);
            long line = r + 2;
            int id = LogChecks.integer(source, line, "item_id", f[item]);
            if (id < 0 || id >= byId.length || byId[id] != null) {
                throw new LogFormatException(source, line, "item_id must be 0.."
                        + (byId.length - 1) + " and unique: " + id);
            }
            List<String> cats = new ArrayList<>();
            for (int c : categorical) {
                cats.add(f[c]);
            }
            double feature0 = LogChecks.finite(source, line, "item_feature_0",
                    LogChecks.number(source, line, "item_feature_0", f[f0]));
            byId[id] = new ObdItem(id, feature0, cats);
        }
        return List.of(byId);
    }

    /**
     * The rows of a campaign log.
     *
     * @param items number of items of the campaign; item ids must be below it
     */
    public List<ObdImpression> readImpressions(Path file, int items) throws IOException {
        String source = file.getFileName().toString();
        List<String[]> rows = new ArrayList<>();
        Map<String, Integer> header = readAll(file, rows);
        int time = column(header, source, "timestamp");
        int item = column(header, source, "item_id");
        int position = column(header, source, "position");
        int click = column(header, source, "click");
        int propensity = column(header, source, "propensity_score");
        List<Integer> users = indexed(header, "user_feature_");
        List<Integer> affinities = indexed(header, "user-item_affinity_");

        List<ObdImpression> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            String[] f = rows.get(r);
            long line = r + 2;
            int id = LogChecks.integer(source, line, "item_id", f[item]);
            if (id < 0 || id >= items) {
                throw new LogFormatException(source, line,
                        "item_id must be in 0.." + (items - 1) + ": " + id);
            }
            int pos = LogChecks.integer(source, line, "position", f[position]);
            if (pos < 1) {
                throw new LogFormatException(source, line, "position must be >= 1: " + pos);
            }
            int c = LogChecks.integer(source, line, "click", f[click]);
            if (c != 0 && c != 1) {
                throw new LogFormatException(source, line, "click must be 0 or 1: " + c);
            }
            double p = LogChecks.propensity(source, line, "propensity_score",
                    LogChecks.number(source, line, "propensity_score", f[propensity]));
            List<String> user = new ArrayList<>(users.size());
            for (int u : users) {
                user.add(f[u]);
            }
            double[] affinity = new double[affinities.size()];
            for (int k = 0; k < affinity.length; k++) {
                affinity[k] = LogChecks.number(source, line, "user-item_affinity_" + k,
                        f[affinities.get(k)]);
            }
            out.add(new ObdImpression(line, timestamp(source, line, f[time]), id, pos, c, p,
                    user, affinity));
        }
        return out;
    }

    private static Instant timestamp(String source, long line, String text) {
        try {
            return OffsetDateTime.parse(text.trim(), TIMESTAMP).toInstant();
        } catch (DateTimeParseException e) {
            throw new LogFormatException(source, line, "timestamp does not parse: " + text);
        }
    }

    private static int column(Map<String, Integer> header, String source, String name) {
        Integer i = header.get(name);
        if (i == null) {
            throw new LogFormatException(source, 1, "missing column " + name);
        }
        return i;
    }

    private static List<Integer> indexed(Map<String, Integer> header, String prefix) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; header.containsKey(prefix + k); k++) {
            out.add(header.get(prefix + k));
        }
        return out;
    }

    /** Reads the header into name to column and every data row into {@code rows}. */
    private static Map<String, Integer> readAll(Path file, List<String[]> rows)
            throws IOException {
        String source = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new LogFormatException(source, 1, "missing header");
            }
            String[] names = Csv.split(first);
            Map<String, Integer> header = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                header.put(names[i].trim(), i);
            }
            String text;
            long line = 1;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isEmpty()) {
                    throw new LogFormatException(source, line, "empty line");
                }
                String[] fields = Csv.split(text);
                if (fields.length != names.length) {
                    throw new LogFormatException(source, line, "expected " + names.length
                            + " fields as in the header, found " + fields.length);
                }
                rows.add(fields);
            }
            return header;
        }
    }
}
