package dev.bandstand.api;

import dev.bandstand.config.Settings;
import dev.bandstand.placement.Placements;
import dev.bandstand.placement.Upkeep;
import dev.bandstand.store.StatsStore;
import dev.bandstand.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Bandstand HTTP service: store, placements, upkeep timers and HTTP verticles.
 *
 * <p>Start-up is one chain: check what of the configuration depends on the time of
 * start-up, open the decision log (its directory must be writable and not in use by another
 * server), then, once every configuration error had its chance to fail the future, open the
 * store (the first connection to Redis), build the engine, load shared statistics, deploy
 * the HTTP verticles (the first one picks the port when the configured port is 0, the others
 * share it), start the timers. Methods may be called from any thread.
 */
public final class Server {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Vertx vertx;
    private final int port;
    private final List<String> deployments;
    private final Upkeep upkeep;
    private final StatsStore store;
    private final DecisionLogs logs;

    private Server(Vertx vertx, int port, List<String> deployments, Upkeep upkeep,
            StatsStore store, DecisionLogs logs) {
        this.vertx = vertx;
        this.port = port;
        this.deployments = List.copyOf(deployments);
        this.upkeep = upkeep;
        this.store = store;
        this.logs = logs;
    }

    /**
     * Starts the service on {@code vertx} with {@code settings} and
     * {@link ServerOptions#defaults()}.
     *
     * @return a future completed once the HTTP port listens
     */
    public static Future<Server> start(Vertx vertx, Settings settings) {
        return start(vertx, settings, ServerOptions.defaults());
    }

    /**
     * Starts the service with explicit options (clock, seed, instances, store).
     *
     * @return a future completed once the HTTP port listens; failed, with everything opened
     *     so far closed again, when any step fails
     */
    public static Future<Server> start(Vertx vertx, Settings settings, ServerOptions options) {
        try {
            Placements.check(settings, options.clock());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return DecisionLogs.open(vertx, settings, options.clock())
                .compose(logs -> startWith(vertx, settings, options, logs)
                        .recover(err -> logs.close().transform(done -> Future.failedFuture(err))));
    }

    /** The port the HTTP server listens on (useful when configured as 0). */
    public int port() {
        return port;
    }

    /** Stops the timers and the HTTP verticles, then closes the store. */
    public Future<Void> close() {
        upkeep.close();
        return undeployAll(vertx, deployments)
                .transform(done -> logs.close())
                .transform(done -> store.close())
                .onSuccess(v -> LOG.info("Bandstand on port {} stopped", port));
    }

    private static Future<Server> startWith(
            Vertx vertx, Settings settings, ServerOptions options, DecisionLogs logs) {
        Future<StatsStore> opened = options.store() != null
                ? Future.succeededFuture(options.store())
                : Stores.create(settings.store(), vertx);
        return opened.compose(store -> startWith(vertx, settings, options, store, logs)
                .recover(err -> store.close().transform(closed -> Future.failedFuture(err))));
    }

    private static Future<Server> startWith(Vertx vertx, Settings settings,
            ServerOptions options, StatsStore store, DecisionLogs logs) {
        Placements placements;
        try {
            placements = Placements.create(settings, store, options.clock(), logs.journal());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Future<Void> loaded = store.shared() ? placements.sync() : Future.succeededFuture();
        List<String> deployments = new ArrayList<>();

        return loaded
                .compose(v -> deploy(vertx, settings, options, placements, 0, -1,
                        deployments))
                .map(port -> {
                    Upkeep upkeep = Upkeep.start(vertx, placements, settings.store());
                    LOG.info("Bandstand listening on {}:{} with {} placements, {} store, "
                            + "{} instances, seed {}", settings.host(), port,
                            settings.placements().size(), store.shared() ? "shared" : "local",
                            options.instances(), options.seed());
                    return new Server(vertx, port, deployments, upkeep, store, logs);
                })
                .recover(err -> undeployAll(vertx, deployments)
                        .transform(done -> Future.failedFuture(err)));
    }

    /**
     * Deploys instance {@code i} and the ones after it; returns the port they share.
     *
     * @param shared the port the instances before {@code i} listen on, -1 for none yet
     */
    private static Future<Integer> deploy(Vertx vertx, Settings settings, ServerOptions options,
            Placements placements, int i, int shared, List<String> deployments) {
        // Vert.x shares a listening socket between instances that ask for the same port; a
        // negative port is its way to share one random port, as port 0 would not be shared
        int port = settings.port() == 0 && options.instances() > 1 ? -1 : settings.port();
        ApiVerticle verticle = new ApiVerticle(placements, settings.host(), port,
                settings.maxBodyBytes(), settings.timeouts(),
                new SplittableRandom(options.seed() + i));
        return vertx.deployVerticle(verticle)
                .compose(id -> {
                    deployments.add(id);
                    int actual = verticle.actualPort();
                    if (shared >= 0 && actual != shared) {
                        throw new IllegalStateException("HTTP instance " + i + " listens on "
                                + actual + ", not on the shared port " + shared);
                    }
                    return i + 1 == options.instances()
                            ? Future.succeededFuture(actual)
                            : deploy(vertx, settings, options, placements, i + 1, actual,
                                    deployments);
                });
    }

    private static Future<Void> undeployAll(Vertx vertx, List<String> deployments) {
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deployments) {
            undeployed.add(vertx.undeploy(id));
        }
        return Future.all(undeployed).mapEmpty();
    }
}
