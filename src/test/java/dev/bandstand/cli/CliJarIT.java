package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as its own process, as a user or the container image does. */
class CliJarIT {

    private static final Path PROJECT = Path.of(System.getProperty("bandstand.projectDir", "."));
    private static final Path JAR = PROJECT.resolve("target/bandstand.jar");

    private record Result(int code, String out, String err) {
    }

    private static Result java(Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("bandstand " + String.join(" ", args) + " did not exit");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
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
}
