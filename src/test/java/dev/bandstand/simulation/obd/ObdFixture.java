package dev.bandstand.simulation.obd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny Open Bandit Dataset in the real files' format, written by the tests: campaign
 * {@code men}, 3 items, slots 1 and 2, one user feature, 4 rows per log.
 */
final class ObdFixture {

    static final String LOG_HEADER = ",timestamp,item_id,position,click,propensity_score,"
            + "user_feature_0,user-item_affinity_0,user-item_affinity_1,user-item_affinity_2";

    private ObdFixture() {
    }

    /** One log row: index, item, position, click, propensity, user feature. */
    static String row(int index, int item, int position, int click, String propensity,
            String user) {
        return index + ",2019-11-24 00:0" + index + ":13.442536+00:00," + item + ","
                + position + "," + click + "," + propensity + "," + user + ",0.0,0.0,0.0";
    }

    /** Writes random and bts logs, item contexts and a uniform Beta(1, 1) prior. */
    static Path write(Path root) throws IOException {
        String third = Double.toString(1.0 / 3);
        writeLog(root, "random", List.of(
                row(0, 0, 1, 1, third, "u1"),
                row(1, 1, 2, 0, third, "u2"),
                row(2, 2, 1, 0, third, "u1"),
                row(3, 0, 2, 1, third, "u2")));
        writeLog(root, "bts", List.of(
                row(0, 0, 1, 1, "0.5", "u1"),
                row(1, 1, 2, 0, "0.25", "u2"),
                row(2, 0, 2, 0, "0.5", "u1"),
                row(3, 2, 1, 1, "0.2", "u2")));
        Files.writeString(root.resolve("prior_bts.yaml"),
                "men:\n  alpha:\n    - 1.0\n    - 1.0\n    - 1.0\n"
                        + "  beta:\n    - 1.0\n    - 1.0\n    - 1.0\n");
        return root;
    }

    static void writeLog(Path root, String policy, List<String> rows) throws IOException {
        Path dir = Files.createDirectories(root.resolve(policy).resolve("men"));
        List<String> lines = new ArrayList<>();
        lines.add(LOG_HEADER);
        lines.addAll(rows);
        Files.write(dir.resolve("men.csv"), lines);
        Files.write(dir.resolve("item_context.csv"), List.of(
                ",item_id,item_feature_0,item_feature_1",
                "0,0,-0.5,aa",
                "1,1,0.1,bb",
                "2,2,1.2,aa"));
    }
}
