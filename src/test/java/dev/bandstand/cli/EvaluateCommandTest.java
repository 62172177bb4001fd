package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.simulation.log.DsJsonWriter;
import dev.bandstand.simulation.log.LoggedDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    /** A uniform two-arm log: a pays 1, 0; b pays 0, 1 -> uniform's value 0.5. */
    private Path log() throws Exception {
        List<Arm> arms = List.of(Arm.of("a"), Arm.of("b"));
        int[] chosen = {0, 0, 1, 1};
        double[] reward = {1, 0, 0, 1};
        List<String> lines = new ArrayList<>();
        DsJsonWriter writer = new DsJsonWriter();
        for (int t = 0; t < chosen.length; t++) {
            Instant at = Instant.parse("2024-01-01T10:00:00Z").plusSeconds(t);
            Context c = new Context(at, ZoneOffset.UTC, 10, "morning", "weekday",
                    DayOfWeek.MONDAY, "phone", "resting", Map.of());
            lines.add(writer.line(new LoggedDecision("e" + t, at, c, arms, chosen[t],
                    new double[] {0.5, 0.5}, reward[t], "m")));
        }
        return Files.write(dir.resolve("log.dsjson"), lines);
    }

    @Test
    void uniformOnAUniformLogPrintsEveryEstimatorAtTheLogMean() throws Exception {
        Path log = log();

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform",
                "--bootstrap", "50", "--seed", "3");

        assertThat(code).isEqualTo(ExitCodes.OK);
        // every weight is 0.5 / 0.5 = 1, so IPS = SNIPS = mean reward = 0.5
        assertThat(cli.out())
                .contains("4 decisions, 0 without reward skipped")
                .containsPattern("(?m)^IPS\\s+0\\.50000\\s+\\[")
                .containsPattern("(?m)^SNIPS\\s+0\\.50000\\s+\\[")
                .contains("estimator", "95% CI", "ESS", "status", "replay", "DM", "DR")
                .contains("LOW_SUPPORT (ESS below 30)");
    }

    @Test
    void aMissingOrUnreadableLogIsExitCodeTwoWithAPlainMessage() {
        Path missing = dir.resolve("nope.dsjson");

        int missingCode = cli.run("evaluate", "--log", missing.toString(), "--policy", "uniform");
        String missingErr = cli.err();
        cli.clearErr();
        int folderCode = cli.run("evaluate", "--log", dir.toString(), "--policy", "uniform");

        assertThat(missingCode).isEqualTo(ExitCodes.USAGE);
        assertThat(missingErr).isEqualTo("bandstand evaluate: no such log file: " + missing
                + System.lineSeparator());
        assertThat(folderCode).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).startsWith("bandstand evaluate: cannot read")
                .doesNotContain("Exception");
    }

    @Test
    void probabilitiesThatDoNotSumToOneAreRefusedNamingTheLine() throws Exception {
        Path log = log();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(1, lines.get(1).replace("\"p\":[0.5,0.5]", "\"p\":[0.2,0.2]"));
        Files.write(log, lines);

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("line 2").contains("p must sum to 1")
                .contains("0.4");
    }

    @Test
    void aOneSlotCcbLineIsEvaluatedAsTheSingleDecisionItIs() throws Exception {
        Path log = log();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.add("{\"Timestamp\":\"2021-05-01T10:00:00.0000000Z\",\"Version\":\"1\","
                + "\"EventId\":\"x9\",\"c\":{\"_multi\":[{\"TAction\":{\"t\":\"a\"}},"
                + "{\"TAction\":{\"t\":\"b\"}}],\"_slots\":[{\"_id\":\"s0\"}]},"
                + "\"_outcomes\":[{\"_label_cost\":-1,\"_id\":\"s0\",\"_a\":[1,0],"
                + "\"_p\":[0.5,0.5]}]}");
        Files.write(log, lines);

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform",
                "--bootstrap", "50");

        // the CCB line chose one of two actions at 0.5 and was rewarded 1: weight 1, so
        // IPS = (1 + 0 + 0 + 1 + 1) / 5, in the single-decision table
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("5 decisions, 0 without reward skipped")
                .containsPattern("(?m)^IPS\\s+0\\.60000\\s+\\[")
                .contains("replay").doesNotContain("slot 0");
    }

    @Test
    void aBadLogLineIsReportedWithItsNumberAndExitCodeTwo() throws Exception {
        Path log = log();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(2, lines.get(2).replace("\"p\":[0.5,0.5]", "\"p\":[0,0.5]"));
        Files.write(log, lines);

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("log.dsjson line 3: p[0] must be in (0, 1]");
    }

    @Test
    void anyPolicyTypeIsReplayedThroughTheServicesPolicyCode() throws Exception {
        Path log = log();

        int code = cli.run("evaluate", "--log", log.toString(), "--policy",
                "epsilon-greedy:epsilon=1", "--bootstrap", "50", "--seed", "3");

        assertThat(code).isEqualTo(ExitCodes.OK);
        // epsilon 1 explores uniformly: target 0.5 / logged 0.5 = weight 1, IPS = mean = 0.5
        assertThat(cli.out()).containsPattern("(?m)^IPS\\s+0\\.50000\\s+\\[");
    }

    @Test
    void aBadPolicyParameterIsAUsageErrorNamingIt() throws Exception {
        int code = cli.run("evaluate", "--log", log().toString(), "--policy",
                "epsilon-greedy:epsilon=2");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("epsilon");
    }

    @Test
    void aMissingLogOptionIsAUsageError() {
        assertThat(cli.run("evaluate", "--policy", "uniform")).isEqualTo(ExitCodes.USAGE);
    }

    /**
     * Four arms, every reward 0.2: 160 decisions of a uniform logger (0.25 each), then 40 of
     * an experiment's fixed variant, logged as (1, 0, 0, 0).
     */
    private Path logWithAFixedVariant() throws Exception {
        List<Arm> arms = List.of(Arm.of("a"), Arm.of("b"), Arm.of("c"), Arm.of("d"));
        List<String> lines = new ArrayList<>();
        DsJsonWriter writer = new DsJsonWriter();
        for (int t = 0; t < 200; t++) {
            Instant at = Instant.parse("2024-01-01T10:00:00Z").plusSeconds(t);
            Context c = new Context(at, ZoneOffset.UTC, 10, "morning", "weekday",
                    DayOfWeek.MONDAY, "phone", "resting", Map.of());
            boolean fixed = t >= 160;
            lines.add(writer.line(new LoggedDecision("e" + t, at, c, arms, fixed ? 0 : t % 4,
                    fixed ? new double[] {1, 0, 0, 0} : new double[] {0.25, 0.25, 0.25, 0.25},
                    0.2, "m")));
        }
        return Files.write(dir.resolve("fixed.dsjson"), lines);
    }

    @Test
    void aTargetPartlyOutsideTheLogsSupportIsReportedAsPartialSupportNotOk() throws Exception {
        Path log = logWithAFixedVariant();

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform",
                "--bootstrap", "50");

        // IPS: (160 * 1 * 0.2 + 40 * 0.25 * 0.2) / 200 = 0.17 against a true 0.2;
        // unsupported: 40 * 0.75 / 200 = 15%
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out())
                .containsPattern("(?m)^IPS\\s+0\\.17000\\s+\\[.*\\]\\s+[0-9.]+\\s+15\\.0%\\s+"
                        + "PARTIAL_SUPPORT \\(15\\.0% of the target's probability without"
                        + " support\\)$")
                .containsPattern("(?m)^SNIPS\\s+0\\.20000\\s.*PARTIAL_SUPPORT")
                .containsPattern("(?m)^DR\\s.*PARTIAL_SUPPORT")
                .containsPattern("(?m)^DM\\s+0\\.20000\\s.*\\s15\\.0%\\s+OK \\(reward model"
                        + " extrapolated to the 15\\.0% without support\\)$")
                .contains("PARTIAL_SUPPORT: the policy puts probability on arms");
    }

    @Test
    void severalLogFilesAreReadInTheOrderGivenAsOneLog() throws Exception {
        // the fixed-variant log cut in two, as a daily rotation leaves it
        List<String> lines = Files.readAllLines(logWithAFixedVariant());
        Path first = Files.write(dir.resolve("log-2024-01-01.dsjson"), lines.subList(0, 120));
        Path second = Files.write(dir.resolve("log-2024-01-02.dsjson"),
                lines.subList(120, 200));
        CliRunner one = new CliRunner();
        one.run("evaluate", "--log", dir.resolve("fixed.dsjson").toString(), "--policy",
                "uniform", "--bootstrap", "50");
        String whole = one.out();

        CliRunner arguments = new CliRunner();
        int asArguments = arguments.run("evaluate", "--log", first.toString(),
                second.toString(), "--policy", "uniform", "--bootstrap", "50");
        String fromArguments = arguments.out();
        CliRunner repeated = new CliRunner();
        int asRepeated = repeated.run("evaluate", "--policy", "uniform", "--log",
                first.toString(), "--bootstrap", "50", "--log", second.toString());
        String fromRepeated = repeated.out();

        assertThat(asArguments).as(arguments.err()).isEqualTo(ExitCodes.OK);
        assertThat(asRepeated).as(repeated.err()).isEqualTo(ExitCodes.OK);
        assertThat(fromArguments).startsWith("policy uniform on " + first + ", " + second
                + ": 200 decisions, 0 without reward skipped");
        // replay's draws and the bootstrap depend on the rounds' order: the same tables
        assertThat(tables(fromArguments)).isEqualTo(tables(whole));
        assertThat(fromRepeated).isEqualTo(fromArguments);
    }

    @Test
    void aLogFileGivenTwiceIsRefused() throws Exception {
        Path log = log();

        int code = cli.run("evaluate", "--log", log.toString(), log.toString(), "--policy",
                "uniform");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("log file given twice: " + log);
    }

    /** The output after its first line (which names the files). */
    private static String tables(String output) {
        return output.substring(output.indexOf('\n'));
    }
}
