package dev.bandstand.api;

import dev.bandstand.placement.Rejection;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body with Vert.x Web's {@link BodyHandler} and adds what it leaves to the
 * application: a body that cannot be read, such as a chunk size that is not hexadecimal, is
 * the client's fault (400 {@code INVALID_REQUEST}, logged at DEBUG), not a failure of the
 * service; and a body that stops arriving is answered 408 {@code REQUEST_TIMEOUT} and its
 * connection closed, instead of holding the connection until the client gives up.
 *
 * <p>A body stalls when not one byte of it arrived for the body timeout. It is checked every
 * half timeout, so the 408 comes between one and one and a half timeouts after the last byte.
 * One instance per verticle; it runs on that verticle's event loop.
 *
 * <p>Limitations: Vert.x closes the connection as soon as the HTTP decoder refuses the body's
 * framing, before anything written in answer is sent, so such a client sees the connection
 * closed, not the 400.
 */
final class BodyReader implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);

    private final BodyHandler body;
    private final long timeoutMillis;

    /** Reads bodies of at most {@code maxBytes}; 408 when one stalls for {@code timeout}. */
    BodyReader(long maxBytes, Duration timeout) {
        this.body = BodyHandler.create(false).setBodyLimit(maxBytes);
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void handle(RoutingContext ctx) {
        // passes the request on at once when the whole body is already there
        body.handle(ctx);
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || ctx.response().ended()) {
            return;
        }
        // replaces the body handler's own, which fails the request as an internal error
        request.exceptionHandler(err -> unreadable(ctx, err));
        new Watch(ctx);
    }

    private static void unreadable(RoutingContext ctx, Throwable err) {
        // TODO(chunk-errors): this 400 never reaches the client: Vert.x closes the channel right
        // after reporting a decoder failure, before the answer is flushed; no public hook
        HttpServerRequest request = ctx.request();
        LOG.debug("{} {} from {}: body not readable ({}); the connection closes",
                request.method(), request.path(), request.remoteAddress(), err.toString());
        ctx.fail(new Rejection(400, "INVALID_REQUEST", null,
                "not a valid HTTP request: the body could not be read (" + err.getMessage()
                        + ")"));
    }

    /** The stall check of one request: a timer every half timeout until the answer ends. */
    private final class Watch {

        private final RoutingContext ctx;
        private long bytes;
        private long lastProgress = System.nanoTime();
        private long timer;

        Watch(RoutingContext ctx) {
            this.ctx = ctx;
            this.bytes = ctx.request().bytesRead();
            ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
            schedule();
        }

        private void schedule() {
            timer = ctx.vertx().setTimer(Math.max(1, timeoutMillis / 2), id -> check());
        }

        private void check() {
            HttpServerRequest request = ctx.request();
            if (request.isEnded() || ctx.response().ended() || ctx.response().closed()) {
                return;
            }
            long now = System.nanoTime();
            if (request.bytesRead() != bytes) {
                bytes = request.bytesRead();
                lastProgress = now;
                schedule();
            } else if (now - lastProgress >= timeoutMillis * 1_000_000L) {
                stalled(ctx, bytes);
            } else {
                schedule();
            }
        }
    }

    private void stalled(RoutingContext ctx, long bytes) {
        HttpServerRequest request = ctx.request();
        LOG.debug("{} {} from {}: body stalled after {} bytes for {} ms; answered 408",
                request.method(), request.path(), request.remoteAddress(), bytes, timeoutMillis);
        // the rest of the body will not be read: the connection cannot carry another request
        request.pause();
        ctx.response().putHeader("connection", "close");
        ctx.addEndHandler(done -> request.connection().close());
        ctx.fail(new Rejection(408, "REQUEST_TIMEOUT", null, "the request body stopped"
                + " arriving: no byte of it for " + timeoutMillis + " ms"));
    }
}
