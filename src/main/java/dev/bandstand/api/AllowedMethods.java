package dev.bandstand.api;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each route path answers, gathered as the routes are declared, so that a 405
 * can name them in its {@code Allow} header (RFC 9110, section 15.5.6). Filled once while
 * the router is built, then only read; reads from several event loops are safe after that.
 */
final class AllowedMethods {

    private record Entry(Pattern path, HttpMethod method) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Records that {@code method} is routed on {@code template} ({@code :name} segments). */
    void add(HttpMethod method, String template) {
        String regex = template.replaceAll(":[A-Za-z]+", "[^/]+");
        entries.add(new Entry(Pattern.compile(regex), method));
    }

    /** The comma-separated methods routed on {@code path}, or an empty string if none. */
    String forPath(String path) {
        Set<String> methods = new TreeSet<>();
        for (Entry entry : entries) {
            if (entry.path().matcher(path).matches()) {
                methods.add(entry.method().name());
            }
        }
        return String.join(", ", methods);
    }
}
