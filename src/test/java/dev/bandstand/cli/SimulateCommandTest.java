package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
