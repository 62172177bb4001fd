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
 * service; and a body that has not arrived in full within the body timeout is answered 408
 * {@code REQUEST_TIMEOUT} and its connection closed, instead of holding the connection and
 * its buffer until the client gives up.
 *
 * <p>The body timeout bounds the whole body, counted from the moment the request's head has
 * been read: a client that keeps sending one byte now and then gets the 408 as surely as one
 * that stops. A body that arrived in time is not limited by how long its answer takes.
 * One instance per verticle; it runs on that verticle's event loop.
 *
 * <p>Limitations: Vert.x closes the connection as soon as the HTTP decoder refuses the body's
 * framing, before anything written in answer is sent, so such a client sees the connection
 * closed, not the 400. The time a client takes to send the head is not counted here; only
 * the idle timeout and the head size limit bound it.
 */
final class BodyReader implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);

    private final BodyHandler body;
    private final long timeoutMillis;

    /**
     * Reads bodies of at most {@code maxBytes}; 408 when one is not complete {@code timeout}
     * after its head.
     */
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
        deadline(ctx);
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

    // one timer per request still reading its body, cancelled when its answer ends
    private void deadline(RoutingContext ctx) {
        long timer = ctx.vertx().setTimer(timeoutMillis, id -> expired(ctx));
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    }

    private void expired(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        LOG.debug("{} {} from {}: body incomplete after {} ms ({} bytes read); answered 408",
                request.method(), request.path(), request.remoteAddress(), timeoutMillis,
                request.bytesRead());
        // the rest of the body will not be read: the connection cannot carry another request
        request.pause();
        ctx.response().putHeader("connection", "close");
        ctx.addEndHandler(done -> request.connection().close());
        ctx.fail(new Rejection(408, "REQUEST_TIMEOUT", null, "the request body did not"
                + " arrive in full within " + timeoutMillis + " ms of the request's start"));
    }
}
