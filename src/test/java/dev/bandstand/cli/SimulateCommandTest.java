package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.simulation.environment.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bandstand simulate} in-process: table on standard output, report files, codes. */
class SimulateCommandTest {

    @TempDir
    Path tmp;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void runsAScenarioPrintsTheTableAndWritesTheReport() throws Exception {
        Path scenario = tmp.resolve("tiny.yaml");
        Files.writeString(scenario, """
                name: tiny
                environment: {type: synthetic, problem: part-of-day, rounds: 400}
                replicates: 2
                policies:
                  - name: uniform
                    policy: {type: uniform}
                checks:
                  - {policy: uniform, metric: value, min: 0.2, max: 0.5}
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = run(out, err, "simulate", scenario.toString(), "--out",
                tmp.resolve("report").toString(), "--seed", "9", "--threads", "1");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Scenario tiny").contains("seed 9")
                .contains("(oracle)").contains("all 1 checks hold");
        assertThat(err.toString()).contains("simulate: 100%");
        assertThat(tmp.resolve("report").resolve("report.html")).exists();
    }

    @Test
    void failedCheckGivesExitCodeOne() throws Exception {
        Path scenario = tmp.resolve("strict.yaml");
        Files.writeString(scenario, """
                name: strict
                environment: {type: synthetic, problem: part-of-day, rounds: 300}
                policies:
                  - name: uniform
                    policy: {type: uniform}
                checks:
                  - {policy: uniform, metric: value, min: 0.69}
                """);

        int code = run(new StringWriter(), new StringWriter(), "simulate",
                scenario.toString(), "--out", tmp.resolve("r").toString());

        assertThat(code).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void typoOrYamlErrorInTheScenarioGivesExitCodeTwoNamingTheFile() throws Exception {
        Path typo = tmp.resolve("typo.yaml");
        Files.writeString(typo, """
                name: typo
                environment: {type: synthetic, problem: part-of-day, roundz: 5}
                policies: [{name: u, policy: {type: uniform}}]
                """);
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "name: broken\nenvironment: {type: synthetic\n");
        StringWriter typoErr = new StringWriter();
        StringWriter brokenErr = new StringWriter();

        int typoCode = run(new StringWriter(), typoErr, "simulate", typo.toString(), "--out",
                tmp.resolve("r1").toString());
        int brokenCode = run(new StringWriter(), brokenErr, "simulate", broken.toString(),
                "--out", tmp.resolve("r2").toString());

        assertThat(typoCode).isEqualTo(ExitCodes.USAGE);
        assertThat(typoErr.toString()).contains(typo.toString())
                .contains("unknown key environment.roundz");
        assertThat(brokenCode).isEqualTo(ExitCodes.USAGE);
        assertThat(brokenErr.toString()).startsWith("bandstand simulate: " + broken)
                .contains("not valid YAML at line");
    }

    @Test
    void aRedisUriWithoutAPortIsRefusedBeforeAnythingConnects() throws Exception {
        Path scenario = tmp.resolve("tiny.yaml");
        Files.writeString(scenario, """
                name: tiny
                environment: {type: synthetic, problem: part-of-day, rounds: 10}
                policies: [{name: u, policy: {type: uniform}}]
                """);
        StringWriter err = new StringWriter();

        // no port would mean 6379, a server this command was never pointed at
        int code = run(new StringWriter(), err, "simulate", scenario.toString(), "--redis",
                "redis://127.0.0.1", "--out", tmp.resolve("r").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--redis").contains("needs a port");
        StringWriter emptyOut = new StringWriter();
        assertThat(run(new StringWriter(), emptyOut, "simulate", scenario.toString(), "--out",
                "")).isEqualTo(ExitCodes.USAGE);
        assertThat(emptyOut.toString()).contains("--out must name a folder");
        StringWriter badUrl = new StringWriter();
        assertThat(run(new StringWriter(), badUrl, "simulate", scenario.toString(),
                "--through-http", "notaurl")).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.toString()).contains("--through-http must be an http://");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void unknownEnvironmentIsABadScenarioWithExitCodeTwo() throws Exception {
        Path scenario = tmp.resolve("bad.yaml");
        Files.writeString(scenario, """
                name: bad
                environment: {type: moon-landing}
                policies: [{name: u, policy: {type: uniform}}]
                """);
        StringWriter err = new StringWriter();

        int code = run(new StringWriter(), err, "simulate", scenario.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("moon-landing");
    }

    /** The exit code and standard error of one {@code simulate} run. */
    private record Outcome(int code, String err) {
    }

    /** Runs {@code simulate SCENARIO options...} with the report in {@code tmp/r}. */
    private Outcome simulate(Path scenario, String... options) {
        List<String> args = new ArrayList<>(List.of("simulate", scenario.toString()));
        args.addAll(List.of(options));
        if (!args.contains("--out")) {
            args.addAll(List.of("--out", tmp.resolve("r").toString()));
        }
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, args.toArray(String[]::new));
        return new Outcome(code, err.toString());
    }

    private Path tiny(String environment, String extra) throws Exception {
        Path scenario = tmp.resolve("tiny.yaml");
        Files.writeString(scenario, """
                name: tiny
                environment: %s
                policies: [{name: u, policy: {type: uniform}}]
                %s
                """.formatted(environment, extra));
        return scenario;
    }

    private static String line(String text) {
        return "bandstand simulate: " + text + System.lineSeparator();
    }

    // rounds of 10^20 used to run as 2^31 - 1 rounds (about 100 hours); 1.5 ran as 1 round
    @Test
    void aRoundCountThatIsNotAWholeNumberInRangeIsRefusedBeforeTheRun() throws Exception {
        Path scenario = tiny("{type: synthetic, problem: part-of-day, rounds: 1.5}", "");

        Outcome o = simulate(scenario);

        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).isEqualTo(line(scenario
                + ": environment.rounds must be a whole number in 1..100000000, was 1.5"));
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void aSeedThatIsNotAWholeNumberIsRefusedNamingTheKey() throws Exception {
        Path scenario = tiny("{type: synthetic, problem: part-of-day, rounds: 10}",
                "seed: 1.5");

        Outcome o = simulate(scenario);

        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).startsWith("bandstand simulate: " + scenario
                + ": seed must be a whole number").contains("was 1.5");
    }

    @Test
    void seedReplicatesAndThreadsOptionsRefuseJunkNamingTheOption() throws Exception {
        Path scenario = tiny("{type: synthetic, problem: part-of-day, rounds: 10}", "");
        String[][] cases = {{"--seed", "1.5"}, {"--seed", "99999999999999999999"},
            {"--replicates", "0"}, {"--replicates", "1001"}, {"--replicates", "2.5"},
            {"--threads", "0"}};

        for (String[] c : cases) {
            Outcome o = simulate(scenario, c);

            assertThat(o.code()).as(String.join(" ", c)).isEqualTo(ExitCodes.USAGE);
            assertThat(o.err()).as(String.join(" ", c)).contains(c[0]).contains(c[1]);
        }
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    // an unknown metric used to be reported only after the whole simulation had run
    @Test
    void anUnknownCheckMetricIsRefusedBeforeTheRun() throws Exception {
        Path scenario = tiny("{type: synthetic, problem: part-of-day, rounds: 10}",
                "checks: [{policy: u, metric: nonsense}]");

        Outcome o = simulate(scenario);

        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).startsWith("bandstand simulate: " + scenario
                + ": checks[0].metric must be one of reward, value,").contains("was nonsense")
                .doesNotContain("simulate: 100%");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void everyScenarioErrorNamesTheFileAndTheKey() throws Exception {
        String[][] cases = {
            {"{type: synthetic, problem: part-of-day, rounds: -5}", "environment.rounds"},
            {"{type: moon-landing}", "environment.type must be one of"},
            {"{type: synthetic, problem: nope}", "environment.problem must be one of"},
            {"{type: movielens-artwork, zone: Mars/Base}", "environment.zone"}};

        for (String[] c : cases) {
            Path scenario = tiny(c[0], "");

            Outcome o = simulate(scenario);

            assertThat(o.code()).as(c[0]).isEqualTo(ExitCodes.USAGE);
            assertThat(o.err()).as(c[0])
                    .startsWith("bandstand simulate: " + scenario + ": " + c[1]);
        }
    }

    // --out /proc/nope was called a missing scenario file; --out FILE printed only its name
    @Test
    void anOutThatIsAFileOrCannotBeCreatedIsRefusedBeforeTheRun() throws Exception {
        Path scenario = tiny("{type: synthetic, problem: part-of-day, rounds: 10}", "");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        Outcome isFile = simulate(scenario, "--out", file.toString());
        Outcome below = simulate(scenario, "--out", file.resolve("sub").toString());

        assertThat(isFile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(isFile.err()).isEqualTo(line("--out " + file + " is a file, not a folder"));
        assertThat(below.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(below.err()).startsWith("bandstand simulate: --out " + file.resolve("sub")
                + ": cannot create the folder (").doesNotContain("100%");
    }

    // a missing --data folder was reported as a dataset missing from it
    @Test
    void aDataFolderThatDoesNotExistOrIsAFileIsRefusedNamingData() throws Exception {
        Path scenario = tiny("{type: movielens-artwork}", "");
        Path missing = tmp.resolve("no-such-data");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        Outcome noFolder = simulate(scenario, "--data", missing.toString());
        Outcome aFile = simulate(scenario, "--data", file.toString());

        assertThat(noFolder.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFolder.err()).isEqualTo(line("--data " + missing + ": no such folder"));
        assertThat(aFile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(aFile.err()).isEqualTo(line("--data " + file + " is a file, not a folder"));
    }

    @Test
    void aDataFolderWithoutTheDatasetNamesTheDatasetFile() throws Exception {
        Path scenario = tiny("{type: movielens-artwork}", "");
        Path empty = Files.createDirectory(tmp.resolve("empty-data"));

        Outcome o = simulate(scenario, "--data", empty.toString());

        assertThat(o.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(o.err()).startsWith("bandstand simulate: no ratings.csv in "
                + empty.resolve("movielens-latest-small"));
    }

    // a run of no rounds used to write a report of NaNs
    @Test
    void parametersThatLeaveTheDataNoRoundIsABadScenario() throws Exception {
        Path scenario = tiny("{type: movielens-artwork, minArtworks: 20}", "");

        Outcome o = simulate(scenario, "--data", Fixtures.dataset("movielens").toString());

        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).isEqualTo(line(scenario + ": environment movielens-artwork has no"
                + " rounds with these parameters and this data"));
        assertThat(tmp.resolve("r").resolve("report.html")).doesNotExist();
    }
}
