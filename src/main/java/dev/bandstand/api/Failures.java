package dev.bandstand.api;

import dev.bandstand.placement.Rejection;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: turns every failed or unmatched request into
 * {@code {"error":{"code","message","field"}}} with the right status. A {@link Rejection}
 * keeps its status, code and field (and its Retry-After, if any); Vert.x Web's own failures
 * (no Host header 400, no route 404, wrong method 405, body too large 413, wrong content type
 * 415) get codes of their own; anything else is a bug, answered 500 without details and
 * logged with its cause.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private final AllowedMethods allowed;

    /** A handler whose 405 answers name the methods {@code allowed} records for the path. */
    Failures(AllowedMethods allowed) {
        this.allowed = allowed;
    }

    /** Answers the failed request. Runs on the request's event loop. */
    void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof Rejection r) {
            if (r.retryAfter() > 0) {
                response.putHeader("retry-after", Integer.toString(r.retryAfter()));
            }
            send(response, r.status(), r.code(), r.getMessage(), r.field());
            return;
        }
        int status = ctx.statusCode();
        switch (status) {
            case 400:
                badRequest(ctx.request(), response);
                break;
            case 404:
                send(response, 404, "NOT_FOUND", "no such resource: " + ctx.request().path(),
                        null);
                break;
            case 405:
                response.putHeader("allow", allowed.forPath(ctx.request().path()));
                send(response, 405, "METHOD_NOT_ALLOWED",
                        ctx.request().method() + " is not allowed here", null);
                break;
            case 413:
                send(response, 413, "BODY_TOO_LARGE", "the request body is too large", null);
                break;
            case 415:
                send(response, 415, "UNSUPPORTED_MEDIA_TYPE",
                        "send the body as application/json", null);
                break;
            default:
                LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(),
                        failure);
                send(response, 500, "INTERNAL", "internal error", null);
        }
    }

    /**
     * Answers a request Vert.x Web refused with 400 before any route, which it does for an
     * HTTP/1.1 request without a usable Host header.
     */
    private static void badRequest(HttpServerRequest request, HttpServerResponse response) {
        if (request.version() != HttpVersion.HTTP_1_0 && request.authority() == null) {
            String host = request.getHeader("host");
            send(response, 400, "INVALID_REQUEST", host == null
                    ? "the Host header is missing: HTTP/1.1 requests need one"
                    : "the Host header is not a valid host[:port]", "Host");
        } else {
            send(response, 400, "INVALID_REQUEST", "not a valid HTTP request", null);
        }
    }

    /**
     * Lets a request through only with an uncompressed JSON body in UTF-8: media type compared
     * without regard to case (RFC 9110), a {@code charset} parameter, if any, must name UTF-8;
     * a {@code Content-Encoding} other than {@code identity} is refused (the server does not
     * decompress bodies), naming the header; anything else fails with 415.
     */
    static void requireJson(RoutingContext ctx) {
        String encoding = ctx.request().getHeader("content-encoding");
        if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
            ctx.fail(new Rejection(415, "UNSUPPORTED_ENCODING", "Content-Encoding",
                    "compressed bodies are not accepted; send the JSON uncompressed"));
            return;
        }
        String type = ctx.request().getHeader("content-type");
        if (type != null && isJsonInUtf8(type)) {
            ctx.next();
        } else {
            ctx.fail(415);
        }
    }

    /**
     * As {@link #requireJson}, except that a request with neither a body nor a
     * {@code Content-Type} passes: an arm may be added without features or prior. Runs after
     * the body handler.
     */
    static void requireJsonOrNothing(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if ((body == null || body.length() == 0)
                && ctx.request().getHeader("content-type") == null) {
            ctx.next();
        } else {
            requireJson(ctx);
        }
    }

    private static boolean isJsonInUtf8(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Answers a request HTTP decoding refused (request line or headers too long, malformed)
     * in the one error shape, instead of an empty body; the connection is closed after it.
     */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpServerResponse response = request.response().putHeader("connection", "close");
        if (cause instanceof TooLongHttpLineException) {
            send(response, 414, "URI_TOO_LONG", "request line too long", null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            send(response, 431, "HEADERS_TOO_LARGE", "request headers too large", null);
        } else {
            send(response, 400, "INVALID_REQUEST", "not a valid HTTP request", null);
        }
    }

    static void send(HttpServerResponse response, int status, String code, String message,
            String field) {
        JsonObject error = new JsonObject().put("code", code).put("message", message)
                .put("field", field);
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).encode())
                .onFailure(err -> LOG.debug("error answer not sent: {}", err.toString()));
    }
}
