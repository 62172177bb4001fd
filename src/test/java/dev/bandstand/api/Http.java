package dev.bandstand.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A blocking test client for one server on loopback; call it from the test thread only. */
final class Http {

    private final WebClient client;

    Http(Vertx vertx, int port) {
        this.client = WebClient.create(vertx,
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    HttpResponse<Buffer> post(String path, String body) {
        return post(path, body, "application/json");
    }

    HttpResponse<Buffer> post(String path, JsonObject body) {
        return post(path, body.encode(), "application/json");
    }

    HttpResponse<Buffer> post(String path, String body, String contentType) {
        var request = client.post(path);
        if (contentType != null) {
            request.putHeader("content-type", contentType);
        }
        return await(request.sendBuffer(Buffer.buffer(body)));
    }

    /** Posts {@code body} as JSON with the extra request {@code headers}. */
    HttpResponse<Buffer> post(String path, String body, Map<String, String> headers) {
        var request = client.post(path).putHeader("content-type", "application/json");
        headers.forEach(request::putHeader);
        return await(request.sendBuffer(Buffer.buffer(body)));
    }

    /** Sends without waiting, so that several requests can be in flight at once. */
    Future<HttpResponse<Buffer>> postAsync(String path, JsonObject body) {
        return client.post(path).putHeader("content-type", "application/json")
                .sendBuffer(body.toBuffer());
    }

    /** Puts {@code body} as JSON. */
    HttpResponse<Buffer> put(String path, String body) {
        return await(client.put(path).putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
    }

    HttpResponse<Buffer> get(String path) {
        return await(client.get(path).send());
    }

    HttpResponse<Buffer> send(io.vertx.core.http.HttpMethod method, String path) {
        return await(client.request(method, path).send());
    }

    void close() {
        client.close();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 30 s", e);
        }
    }
}
