package dev.bandstand.api;

import dev.bandstand.config.Settings;
import dev.bandstand.placement.Decision;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.ExplainCpuTimeCheck;
import dev.bandstand.placement.Placements;
import dev.bandstand.store.InMemoryStatsStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What explanations add to a decision's server-side work short of the network: parsing the
 * request body, the engine's decision with its in-memory store, and encoding the JSON answer,
 * timed by this thread's CPU time. Rounds with and without {@code "explain": true} alternate,
 * and which goes first alternates too; each round gets a fresh engine, so both sides see the
 * same number of pending decisions. Prints, per policy, the median CPU time per decision of
 * each side and the median of the per-round ratios. HTTP adds the same cost to both sides, so
 * the share over HTTP is smaller. Not a unit test: run it by hand (see
 * docs/benchmarks-experiments.md).
 */
public final class ExplainAnswerCpuTimeCheck {

    private static final int WARM = 4;
    private static final int ROUNDS = 16;
    private static final int DECISIONS = 20_000;
    private static final String CONTEXT = "\"context\":{\"timestamp\":\"2026-03-02T08:00:00Z\","
            + "\"timeZone\":\"Europe/Berlin\",\"device\":\"tv\",\"activity\":\"resting\"}";

    private ExplainAnswerCpuTimeCheck() {
    }

    /**
     * Runs the rounds for a tabular and a linear placement.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RequestParser parser = new RequestParser();
        byte[] plain = ("{" + CONTEXT + "}").getBytes(StandardCharsets.UTF_8);
        byte[] explained = ("{\"explain\":true," + CONTEXT + "}")
                .getBytes(StandardCharsets.UTF_8);
        long sink = 0;
        for (String type : List.of("epsilon-greedy", "thompson", "linucb")) {
            Settings settings = TestSettings.of(new TestSettings.Builder("art", type, Map.of())
                    .arms(TestSettings.arms(10)).build());
            double[] without = new double[ROUNDS];
            double[] with = new double[ROUNDS];
            double[] ratio = new double[ROUNDS];
            SplittableRandom random = new SplittableRandom(3);
            for (int round = -WARM; round < ROUNDS; round++) {
                boolean plainFirst = (round & 1) == 0;
                long[] cpu = new long[2];
                for (int side = 0; side < 2; side++) {
                    boolean explain = (side == 0) != plainFirst;
                    Placements engine = Placements.create(settings, new InMemoryStatsStore(),
                            Clock.fixed(Instant.parse("2026-03-02T08:00:01Z"), ZoneOffset.UTC));
                    byte[] body = explain ? explained : plain;
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < DECISIONS; i++) {
                        DecisionRequest request = parser.decision("art", body);
                        Decision d = engine.decide(request, random).result();
                        sink += Views.decision(d).encode().length();
                    }
                    cpu[explain ? 1 : 0] = threads.getCurrentThreadCpuTime() - start;
                }
                if (round >= 0) {
                    without[round] = cpu[0] / (double) DECISIONS;
                    with[round] = cpu[1] / (double) DECISIONS;
                    ratio[round] = with[round] / without[round];
                }
            }
            System.out.printf("%-15s answer %7.0f ns CPU  explained %7.0f ns CPU  added %+5.1f%%"
                    + " (median of %d rounds; ratios from %+.1f%% to %+.1f%%)%n", type,
                    ExplainCpuTimeCheck.median(without), ExplainCpuTimeCheck.median(with),
                    100 * (ExplainCpuTimeCheck.median(ratio) - 1), ROUNDS,
                    100 * (Arrays.stream(ratio).min().orElse(0) - 1),
                    100 * (Arrays.stream(ratio).max().orElse(0) - 1));
        }
        System.out.println("(checksum " + sink + ")");
    }
}
