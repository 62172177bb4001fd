package dev.bandstand.cli;

import dev.bandstand.api.Server;
import dev.bandstand.config.ConfigException;
import dev.bandstand.config.ConfigLoader;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bandstand serve}: loads the configuration, starts the HTTP service and runs until
 * SIGTERM or SIGINT, then closes the service (bounded by {@link #STOP_TIMEOUT}) and exits.
 *
 * <p>The configuration is {@code --config FILE} when given, else {@code conf/bandstand.yaml}
 * in the working directory when present, else the copy packaged in the jar. A bad
 * configuration exits with {@link ExitCodes#USAGE} and one line naming the key.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the decision service and run until stopped (SIGTERM or SIGINT).")
final class ServeCommand implements Callable<Integer> {

    /** Longest wait for the service to listen. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Longest wait for the service, then Vert.x, to close. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    /** A started service, as far as this command needs it. */
    interface Running {
        int port();

        Future<Void> close();
    }

    /** Starts the service; {@link Server#start} outside tests. */
    interface Starter {
        Future<Running> start(Vertx vertx, Settings settings);
    }

    /** Blocks until the process is asked to stop. */
    interface StopSignal {
        void awaitStop() throws InterruptedException;

        /** Reports that shutdown has finished, so the process may exit. */
        void stopped();
    }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: conf/bandstand.yaml if present, else"
                    + " the copy packaged in the jar).")
    private Path config;

    @Option(names = "--port", paramLabel = "N",
            description = "HTTP port, overriding server.port; 0 picks a free one.")
    private Integer port;

    @Option(names = "--host", paramLabel = "H",
            description = "Address to bind, overriding server.host.")
    private String host;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Redis URI for shared statistics, overriding store.redis.uri.")
    private String redis;

    @Option(names = "--outbox-journal", paramLabel = "DIR",
            description = "Directory of the outbox journal, which keeps what is buffered while"
                    + " Redis is unreachable over a crash, overriding store.outboxJournal;"
                    + " none switches it off.")
    private String outboxJournal;

    @Spec
    private CommandSpec spec;

    private final Starter starter;
    private final Function<Duration, StopSignal> signals;
    private final Path workingDir;

    /** The command as the {@code bandstand} launcher runs it. */
    ServeCommand() {
        this(ServeCommand::startServer, ShutdownSignal::new, Path.of(""));
    }

    /** A command with its collaborators given, for tests. */
    ServeCommand(Starter starter, Function<Duration, StopSignal> signals, Path workingDir) {
        this.starter = starter;
        this.signals = signals;
        this.workingDir = workingDir;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String source;
        Settings settings;
        try {
            Path file = config != null ? config : workingDir.resolve(ConfigLoader.DEFAULT_FILE);
            boolean useFile = config != null || Files.isRegularFile(file);
            source = useFile ? file.toString() : "packaged " + ConfigLoader.PACKAGED_RESOURCE;
            settings = useFile ? ConfigLoader.load(file) : ConfigLoader.loadPackaged();
            settings = ConfigLoader.withOverrides(settings, host, port, redis,
                    outboxJournal);
        } catch (ConfigException e) {
            err.println("bandstand serve: bad configuration: " + e.getMessage());
            return ExitCodes.USAGE;
        }

        Vertx vertx = Vertx.vertx();
        Running running;
        try {
            running = await(starter.start(vertx, settings), START_TIMEOUT);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof ConfigException bad) {
                err.println("bandstand serve: bad configuration: " + bad.getMessage());
                closeQuietly(vertx);
                return ExitCodes.USAGE;
            }
            String reason = e instanceof TimeoutException
                    ? "not listening after " + START_TIMEOUT.toSeconds() + " s"
                    : reason(cause);
            if (bindFailure(cause)) {
                reason = "cannot listen on " + settings.host() + ":" + settings.port()
                        + " (server.host, server.port, --port): " + reason;
            }
            // an operator needs the reason (port taken, Redis refused); the trace is detail
            LOG.error("Bandstand failed to start with configuration {}: {}", source, reason);
            LOG.debug("Start-up failure", cause);
            err.println("bandstand serve: cannot start: " + reason);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(vertx);
            return ExitCodes.FAILURE;
        }

        LOG.info("Bandstand {} listening on {}:{}, store {}, placements {}, configuration {}",
                Main.version(), settings.host(), running.port(), describe(settings.store()),
                settings.placements().stream().map(PlacementSettings::name).toList(), source);
        StopSignal stop = signals.apply(STOP_TIMEOUT.multipliedBy(2));
        try {
            stop.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        LOG.info("Bandstand stopping");
        int code = ExitCodes.OK;
        try {
            await(running.close(), STOP_TIMEOUT);
        } catch (Exception e) {
            LOG.error("Bandstand did not close cleanly", e);
            code = ExitCodes.FAILURE;
        }
        closeQuietly(vertx);
        LOG.info("Bandstand stopped");
        stop.stopped();
        return code;
    }

    /** The store as it may be logged: the Redis URI without credentials, or in-memory. */
    static String describe(StoreSettings store) {
        if (store.redisUri() == null) {
            return "in-memory";
        }
        return StoreSettings.redacted(store.redisUri());
    }

    private static Future<Running> startServer(Vertx vertx, Settings settings) {
        return Server.start(vertx, settings).map(server -> new Running() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public Future<Void> close() {
                return server.close();
            }
        });
    }

    private static <T> T await(Future<T> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The failure's message followed by its causes' (Lettuce wraps the server's own answer,
     * such as WRONGPASS, under a generic "Unable to connect"), without repeats.
     */
    /** True when the failure comes from binding the listening socket (a port in use). */
    private static boolean bindFailure(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    static String reason(Throwable failure) {
        StringBuilder out = new StringBuilder();
        String last = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName()
                    : t.getMessage();
            if (last == null || !last.contains(message)) {
                out.append(out.length() == 0 ? "" : ": ").append(message);
            }
            last = message;
        }
        return out.toString();
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            await(vertx.close(), STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Vert.x did not close within {}; exiting anyway", STOP_TIMEOUT, e);
        }
    }
}
