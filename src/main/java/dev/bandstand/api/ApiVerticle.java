package dev.bandstand.api;

import dev.bandstand.config.HttpTimeouts;
import dev.bandstand.placement.Placements;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One HTTP server instance on one event loop: it only wires routes to {@link Routes} and
 * listens. Several instances share the port and the thread-safe engine; each has its own
 * random generator.
 */
final class ApiVerticle extends VerticleBase {

    private final Placements placements;
    private final String host;
    private final int port;
    private final long maxBodyBytes;
    private final HttpTimeouts timeouts;
    private final RandomGenerator random;
    private HttpServer server;

    ApiVerticle(Placements placements, String host, int port, long maxBodyBytes,
            HttpTimeouts timeouts, RandomGenerator random) {
        this.placements = placements;
        this.host = host;
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
        this.timeouts = timeouts;
        this.random = random;
    }

    @Override
    public Future<?> start() {
        // closes a connection on which nothing was read or written for the idle timeout
        // TODO(head-timeout): a head trickled a byte at a time is bounded only by this and the
        // head size limit, not in total; Vert.x offers no hook where a request's head begins
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setIdleTimeout(Math.toIntExact(timeouts.idle().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return vertx.createHttpServer(options)
                .requestHandler(router())
                .invalidRequestHandler(Failures::invalidRequest)
                .listen()
                .onSuccess(s -> server = s);
    }

    /** The port this instance listens on; valid once started. */
    int actualPort() {
        return server.actualPort();
    }

    private Router router() {
        Routes routes = new Routes(placements, random);
        AllowedMethods allowed = new AllowedMethods();
        Failures failures = new Failures(allowed);
        BodyReader body = new BodyReader(maxBodyBytes, timeouts.body());
        Router router = Router.router(vertx);
        // before any route decodes path parameters
        router.route().handler(PathCheck::handle);

        // Vert.x Web wants the body handler first; the media type is checked right after
        route(router, allowed, HttpMethod.POST, "/v1/placements/:placement/decisions")
                .handler(body).handler(Failures::requireJson).handler(routes::decide);
        route(router, allowed, HttpMethod.POST, "/v1/rewards")
                .handler(body).handler(Failures::requireJson).handler(routes::reward);
        route(router, allowed, HttpMethod.DELETE, "/v1/users/:userId")
                .handler(routes::forgetUser);
        route(router, allowed, HttpMethod.PUT, "/v1/placements/:placement/arms/:armId")
                .handler(body).handler(Failures::requireJsonOrNothing).handler(routes::addArm);
        route(router, allowed, HttpMethod.DELETE, "/v1/placements/:placement/arms/:armId")
                .handler(routes::retireArm);
        readable(router, allowed, "/v1/placements", routes::list);
        readable(router, allowed, "/v1/placements/:placement", routes::describe);
        readable(router, allowed, "/v1/placements/:placement/experiment", routes::experiment);
        readable(router, allowed, "/health", routes::health);

        router.route().failureHandler(failures::handle);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, failures::handle);
        }
        return router;
    }

    private static Route route(Router router, AllowedMethods allowed, HttpMethod method,
            String path) {
        allowed.add(method, path);
        return router.route(method, path);
    }

    // HEAD wherever GET works (RFC 9110); Vert.x sends the headers without the body
    private static void readable(Router router, AllowedMethods allowed, String path,
            Handler<RoutingContext> handler) {
        route(router, allowed, HttpMethod.GET, path).handler(handler);
        route(router, allowed, HttpMethod.HEAD, path).handler(handler);
    }
}
