package dev.bandstand.api;

import dev.bandstand.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A running Bandstand HTTP service: store, placements, sweeper and HTTP server.
 *
 * <p>TODO(integration): replaced by the API work; this placeholder only fixes the entry
 * point the command line calls.
 */
public final class Server {

    private final int port;

    private Server(int port) {
        this.port = port;
    }

    /**
     * Starts the service on {@code vertx} with {@code settings}.
     *
     * @return a future completed once the HTTP port listens
     */
    public static Future<Server> start(Vertx vertx, Settings settings) {
        return Future.failedFuture(new IllegalStateException("server not built yet"));
    }

    /** The port the HTTP server listens on (useful when configured as 0). */
    public int port() {
        return port;
    }

    /** Stops the HTTP server, flushes the store and stops timers. */
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
