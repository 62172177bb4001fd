package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.ConfigLoader;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    private static final String MINIMAL = """
            placements:
              a:
                policy: {type: uniform}
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Settings> started = new ArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger stopped = new AtomicInteger();

    /** A service that starts at once on port 4321 and records what it was given. */
    private Future<ServeCommand.Running> fakeStart(Settings settings) {
        started.add(settings);
        return Future.succeededFuture(new ServeCommand.Running() {
            @Override
            public int port() {
                return 4321;
            }

            @Override
            public Future<Void> close() {
                closed.incrementAndGet();
                return Future.succeededFuture();
            }
        });
    }

    /** A stop already requested: serve returns as soon as it is up. */
    private ServeCommand.StopSignal stopAtOnce(Duration grace) {
        return new ServeCommand.StopSignal() {
            @Override
            public void awaitStop() {
            }

            @Override
            public void stopped() {
                stopped.incrementAndGet();
            }
        };
    }

    private int run(ServeCommand.Starter starter, String... args) {
        CommandLine cli = Main.commandLine(new ServeCommand(starter, this::stopAtOnce, dir));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run((vertx, settings) -> fakeStart(settings), args);
    }

    private Path file(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("serve", "simulate", "evaluate", "Exit codes",
                "bad command line or configuration");
    }

    @Test
    void onlyServeLogsToStandardOutput() {
        assertThat(Main.logTarget(new String[] {"serve", "--config", "x.yaml"}))
                .isEqualTo("System.out");
        assertThat(Main.logTarget(new String[] {"simulate", "s.yaml", "--redis", "x"}))
                .isEqualTo("System.err");
        assertThat(Main.logTarget(new String[] {"evaluate", "--log", "serve"}))
                .isEqualTo("System.err");
        assertThat(Main.logTarget(new String[] {"--version"})).isEqualTo("System.err");
    }

    @Test
    void versionComesFromTheManifestOrIsDev() {
        int code = run("--version");

        assertThat(code).isZero();
        assertThat(out.toString().strip()).matches("bandstand (dev|\\d+\\.\\d+\\.\\d+.*)");
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() {
        int code = run();

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Usage: bandstand");
    }

    @Test
    void badConfigurationExitsTwoWithOneLineNamingTheKey() throws Exception {
        Path bad = file("bad.yaml", """
                placements:
                  artwork:
                    policy: {type: epsilon-greedy, epsilon: 1.5}
                """);

        int code = run("serve", "--config", bad.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("bandstand serve: bad configuration:"
                + " placements.artwork.policy.epsilon: must be in [0, 1], was 1.5");
        assertThat(started).isEmpty();
    }

    @Test
    void missingConfigFileExitsTwo() {
        int code = run("serve", "--config", dir.resolve("absent.yaml").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("cannot read").contains("absent.yaml");
    }

    @Test
    void badOptionsExitTwo() {
        assertThat(run("serve", "--bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("serve", "--port", "eighty")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("serve", "--port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--port: must be in 0..65535, was 70000");
        assertThat(started).isEmpty();
    }

    @Test
    void serveAppliesOverridesRunsUntilStoppedAndClosesTheService() throws Exception {
        Path conf = file("my.yaml", MINIMAL);

        int code = run("serve", "--config", conf.toString(), "--port", "0", "--host",
                "127.0.0.1", "--redis", "redis://127.0.0.1:6390", "--outbox-journal",
                "journal");

        assertThat(code).isZero();
        assertThat(started).hasSize(1);
        Settings s = started.get(0);
        assertThat(s.port()).isZero();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.store().redisUri()).isEqualTo("redis://127.0.0.1:6390");
        assertThat(s.store().outboxJournal()).isEqualTo(Path.of("journal"));
        assertThat(s.placement("a")).isNotNull();
        assertThat(closed).hasValue(1);
        assertThat(stopped).hasValue(1);
    }

    @Test
    void serveReadsConfBandstandYamlInTheWorkingDirectory() throws Exception {
        file("conf/bandstand.yaml", MINIMAL);

        int code = run("serve");

        assertThat(code).isZero();
        assertThat(started.get(0).placements()).hasSize(1);
    }

    @Test
    void serveFallsBackToThePackagedConfiguration() {
        int code = run("serve");

        assertThat(code).isZero();
        assertThat(started.get(0)).isEqualTo(ConfigLoader.loadPackaged());
    }

    @Test
    void startFailureExitsOneWithTheCause() {
        int code = run((vertx, settings) -> Future.failedFuture(
                new IllegalStateException("port 8080 is in use")), "serve");

        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString().strip())
                .isEqualTo("bandstand serve: cannot start: port 8080 is in use");
    }

    @Test
    void aPortInUseIsNamedWithItsAddressAndSettings() {
        int code = run((vertx, settings) -> Future.failedFuture(
                new java.net.BindException("Address already in use")), "serve", "--port",
                "18701");

        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString().strip()).startsWith("bandstand serve: cannot start: cannot"
                + " listen on ").endsWith(":18701 (server.host, server.port, --port): Address"
                + " already in use");
    }

    @Test
    void simulateOfAMissingScenarioFileIsAUsageError() {
        assertThat(run("simulate", "simulations/x.yaml")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("simulate: no such scenario file")
                .contains("x.yaml");
    }

    @Test
    void reportWithAUrlThatIsNoHttpUrlIsAUsageError() {
        for (String url : new String[] {"notaurl", "ftp://127.0.0.1:1", "http:///x"}) {
            assertThat(run("report", "--url", url, "--placement", "artwork"))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("report: --url must be an http:// or https://"
                    + " URL with a host").contains("was '" + url + "'")
                    .doesNotContain("unexpected error");
        }
    }

    @Test
    void storeIsLoggedWithoutCredentials() {
        StoreSettings store = new StoreSettings("redis://app:s3cret@cache:6379/0?timeout=5s",
                "bandstand", Duration.ofSeconds(1), Duration.ofMillis(500), 10,
                Duration.ofSeconds(1));

        assertThat(ServeCommand.describe(store)).isEqualTo("redis://***@cache:6379/0");
    }
}
