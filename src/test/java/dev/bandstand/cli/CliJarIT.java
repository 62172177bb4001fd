package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as its own process, as a user or the container image does. */
class CliJarIT {

    private static final Path PROJECT = Path.of(System.getProperty("bandstand.projectDir", "."));
    private static final Path JAR = PROJECT.resolve("target/bandstand.jar");

    private record Result(int code, String out, String err) {
    }

    /** A process of the jar, its standard output and error going to files. */
    private record Launched(Process process, Path out, Path err) {

        /** Waits for the exit, at most 60 s. */
        Result result(String... args) throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("bandstand " + String.join(" ", args) + " did not exit");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        /** Waits until it logged that it listens, at most 60 s. */
        void awaitListening() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out, StandardCharsets.UTF_8).contains("listening on")) {
                assertThat(process.isAlive()).as("bandstand serve is running; see %s and %s",
                        out, err).isTrue();
                assertThat(System.nanoTime()).as("listening within 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static Result java(Path workDir, String... args) throws Exception {
        return launch(workDir, args).result(args);
    }

    // without the user id secret a test may not give, as a developer's shell could set it
    private static Launched launch(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("BANDSTAND_USER_ID_SECRET");
        return new Launched(builder.start(), out, err);
    }

    @Test
    void versionComesFromTheJarManifest(@TempDir Path dir) throws Exception {
        Result r = java(dir, "--version");

        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).matches("bandstand \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void badConfigurationExitsTwoWithOneLineAndNoStackTrace(@TempDir Path dir)
            throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "placements:\n  artwork:\n    policy: {type: ucb1, c: 0}\n");

        Result r = java(dir, "serve", "--config", bad.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).startsWith("bandstand serve: bad configuration:")
                .contains("placements.artwork.policy.c: must be > 0").doesNotContain("\n");
        assertThat(r.out()).doesNotContain("Exception");
    }

    @Test
    void aDecisionLogDirectoryThatCannotBeWrittenExitsTwoNamingTheKey(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path conf = dir.resolve("log.yaml");
        Files.writeString(conf, "server: {host: 127.0.0.1, port: 0}\n"
                + "placements:\n  a:\n    policy: {type: uniform}\n    arms: [x, y]\n"
                + "decisionLog: {dir: " + file.resolve("log") + "}\n"
                + "privacy: {userIdSecret: 'a test secret of 32 characters!!'}\n");

        Result r = java(dir, "serve", "--config", conf.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).startsWith("bandstand serve: bad configuration:"
                + " decisionLog.dir: cannot create or write the directory: " + file)
                .doesNotContain("\n");
    }

    // each row replaces the top-level keys it names; ';' separates them
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            placements.a.halfLife | placements: {a: {policy: {type: uniform}, halfLife: 1ms}} \
                | too short
            decisionLog.dir | decisionLog: {dir: FILE/log}; privacy: {userIdSecret: SECRET} \
                | cannot create or write
            privacy.userIdSecret | decisionLog: {dir: DIR/log} | is required
            store.outboxJournal | store: {redis: {uri: REDIS}, outboxJournal: FILE/j} \
                | cannot open
            """)
    void aConfigurationErrorIsReportedBeforeAnyConnectionToRedis(String key, String keys,
            String reason, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Map<String, String> yaml = new LinkedHashMap<>();
        yaml.put("server", "server: {host: 127.0.0.1, port: 0}");
        yaml.put("store", "store: {redis: {uri: REDIS}}");
        yaml.put("placements", "placements: {a: {policy: {type: uniform}, arms: [x, y]}}");
        for (String line : keys.split(";")) {
            yaml.put(line.strip().substring(0, line.strip().indexOf(':')), line.strip());
        }
        Path conf = Files.writeString(dir.resolve("bad.yaml"), String.join("\n", yaml.values())
                .replace("REDIS", "'redis://127.0.0.1:" + closedPort() + "'")
                .replace("FILE", file.toString()).replace("DIR", dir.toString())
                .replace("SECRET", "'a test secret of 32 characters!!'") + "\n");

        Result r = java(dir, "serve", "--config", conf.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).startsWith("bandstand serve: bad configuration: " + key + ": ")
                .contains(reason).doesNotContain("\n");
        assertThat((r.out() + r.err()).replace(conf.toString(), "").toLowerCase(Locale.ROOT))
                .doesNotContain("redis").doesNotContain("connect");
    }

    @Test
    void aSecondServeOnTheSameDecisionLogIsRefusedUntilTheFirstStops(@TempDir Path dir)
            throws Exception {
        Path logs = dir.resolve("logs");
        Path conf = dir.resolve("log.yaml");
        Files.writeString(conf, "server: {host: 127.0.0.1, port: 0}\n"
                + "placements:\n  a:\n    policy: {type: uniform}\n    arms: [x, y]\n"
                + "decisionLog: {dir: " + logs + "}\n"
                + "privacy: {userIdSecret: 'a test secret of 32 characters!!'}\n");
        Launched first = launch(dir, "serve", "--config", conf.toString());
        Result refused;
        Result stopped;
        try {
            first.awaitListening();
            refused = java(dir, "serve", "--config", conf.toString());
        } finally {
            // SIGTERM: a clean stop
            first.process().destroy();
            stopped = first.result();
        }
        Launched next = launch(dir, "serve", "--config", conf.toString());
        try {
            next.awaitListening();
        } finally {
            next.process().destroy();
            next.result();
        }

        assertThat(refused.code()).as(refused.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err().strip()).startsWith("bandstand serve: bad configuration:"
                + " decisionLog.dir: ").contains(logs.toString()).contains("in use")
                .doesNotContain("\n");
        // the JVM exits 143 on SIGTERM whatever its hooks do; the log says it stopped cleanly
        assertThat(stopped.out()).contains("Bandstand stopped");
    }

    // a loopback port nothing listens on: bound, then closed again
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
