package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.store.RedisServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --redis} from the shaded jar: the table alone on standard output. */
class SimulateJarIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final Path JAR = Path.of(System.getProperty("bandstand.projectDir", "."))
            .resolve("target/bandstand.jar");

    @Test
    void redisModeLogsGoToStandardErrorAndTheTableToStandardOutput(@TempDir Path dir)
            throws Exception {
        Path scenario = dir.resolve("tiny.yaml");
        Files.writeString(scenario, """
                name: tiny
                environment: {type: synthetic, problem: part-of-day, rounds: 200}
                policies:
                  - name: uniform
                    policy: {type: uniform}
                """);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");

        Process p = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString(), "simulate", scenario.toString(), "--redis",
                REDIS.uri(), "--out", dir.resolve("report").toString(), "--threads", "1"))
                .directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }

        assertThat(exited).isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        assertThat(stdout).startsWith("Scenario tiny").doesNotContain(" INFO ");
        assertThat(Files.readString(err, StandardCharsets.UTF_8))
                .contains("Statistics in Redis");
    }
}
