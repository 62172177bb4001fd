package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests HTTP decoding refuses before any route sees them still get the one error shape
 * (regression: they were answered with empty bodies).
 */
@ExtendWith(VertxExtension.class)
class InvalidHttpIT {

    private Server server;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestSettings.startFixed(vertx, TestSettings.oneUniformPlacement());
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        client.close();
        Http.await(server.close());
    }

    @Test
    void aRequestLineTooLongIs414InTheErrorShape() throws Exception {
        HttpResponse<Buffer> response = get("/" + "a".repeat(9000), null);

        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(error(response).getString("code")).isEqualTo("URI_TOO_LONG");
    }

    @Test
    void headersTooLargeAre431InTheErrorShape() throws Exception {
        HttpResponse<Buffer> response = get("/health", "b".repeat(20_000));

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(error(response).getString("code")).isEqualTo("HEADERS_TOO_LARGE");
    }

    @Test
    void aRequestWithoutHostIs400InvalidRequestNamingTheHeader() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {

            String received = raw.send("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();

            assertThat(received).startsWith("HTTP/1.1 400");
            JsonObject error = new JsonObject(received.substring(received.indexOf("{")))
                    .getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("INVALID_REQUEST");
            assertThat(error.getString("field")).isEqualTo("Host");
            assertThat(error.getString("message")).contains("Host header is missing");
        }
    }

    private HttpResponse<Buffer> get(String path, String bigHeader) throws Exception {
        var request = client.get(server.port(), "127.0.0.1", path);
        if (bigHeader != null) {
            request.putHeader("x-big", bigHeader);
        }
        return request.send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }
}
