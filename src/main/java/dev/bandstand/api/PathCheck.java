package dev.bandstand.api;

import dev.bandstand.placement.Rejection;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request whose path or query string is not validly percent-encoded UTF-8 (RFC
 * 3986, section 2.1), before any route decodes its parameters: a malformed escape such as
 * {@code %ZZ} or an incomplete UTF-8 sequence such as {@code %E0%A4} is answered 400
 * {@code INVALID_PATH} (or {@code INVALID_QUERY}), instead of failing inside the router or
 * being decoded into a replacement character that names another id.
 */
final class PathCheck {

    private PathCheck() {
    }

    /** Passes a well-encoded path on; fails the request with 400 otherwise. Event loop. */
    static void handle(RoutingContext ctx) {
        String problem = problem(ctx.request().path());
        if (problem != null) {
            ctx.fail(new Rejection(400, "INVALID_PATH", "path", problem));
            return;
        }
        // the router decodes the query too, with the path parameters
        String query = ctx.request().query();
        String queryProblem = query == null ? null : problem(query.replace('+', ' '));
        if (queryProblem != null) {
            ctx.fail(new Rejection(400, "INVALID_QUERY", "query",
                    queryProblem.replace("the path", "the query string")));
            return;
        }
        ctx.next();
    }

    /** Why {@code rawPath} (a path or query) is not valid percent-encoded UTF-8, or null. */
    static String problem(String rawPath) {
        if (rawPath == null || rawPath.indexOf('%') < 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c != '%') {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                continue;
            }
            int high = i + 1 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int low = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                return "malformed percent-escape at character " + i
                        + " of the path: % must be followed by two hexadecimal digits";
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return null;
        } catch (CharacterCodingException e) {
            return "the path's percent-escapes are not valid UTF-8";
        }
    }
}
