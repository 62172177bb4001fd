package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.HttpTimeouts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that break HTTP framing, stop sending half way or go quiet cannot hold a connection
 * or fill the log: a chunk size that is not hexadecimal closes the connection without an
 * ERROR (regression: a 500 and a stack trace per request), a stalled body is answered 408 and
 * its connection closed, and so is one trickled a byte at a time (regression: the timeout only
 * bounded silence, so a trickle held a connection and its buffer for good), an idle keep-alive
 * connection is closed (regression: both stayed open for good). Raw sockets, since no HTTP
 * client sends such requests.
 */
@ExtendWith(VertxExtension.class)
class SlowAndBrokenClientsIT {

    private static final HttpTimeouts SHORT =
            new HttpTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500));
    private static final String HEAD = "POST /v1/rewards HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\n";

    private Server server;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestSettings.startFixed(vertx,
                TestSettings.oneUniformPlacement().withTimeouts(SHORT));
    }

    @AfterEach
    void stop() {
        Http.await(server.close());
    }

    @Test
    void aChunkSizeThatIsNotHexClosesTheConnectionWithoutAnErrorLogged() throws Exception {
        String received;
        try (CapturedLog log = new CapturedLog(Level.DEBUG);
                RawHttp client = new RawHttp(server.port())) {

            received = client.send(HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                    + "ZZ\r\n{}\r\n0\r\n\r\n").readUntilClosed();

            assertThat(log.messages(Level.ERROR)).isEmpty();
            assertThat(log.messages(Level.DEBUG)).anyMatch(m -> m.contains("body not readable"));
        }
        // Vert.x closes such a connection before an answer can be sent; if it ever sends
        // one, it must be the 400
        if (!received.isEmpty()) {
            assertThat(received).startsWith("HTTP/1.1 400");
            assertThat(error(received).getString("code")).isEqualTo("INVALID_REQUEST");
        }
    }

    @Test
    void aBodyThatStopsHalfWayIsAnswered408AndItsConnectionClosed() throws Exception {
        try (RawHttp client = new RawHttp(server.port())) {

            String received = client.send(HEAD + "Content-Length: 100\r\n\r\n{\"eventId\":")
                    .readUntilClosed();

            assertThat(received).startsWith("HTTP/1.1 408");
            assertThat(error(received).getString("code")).isEqualTo("REQUEST_TIMEOUT");
        }
    }

    @Test
    void aBodyTrickledAByteAtATimeIsAnswered408AfterTheBodyTimeoutWhileOthersAreServed(
            Vertx vertx) throws Exception {
        Http others = new Http(vertx, server.port());
        try (RawHttp client = new RawHttp(server.port())) {
            // 100 bytes at one per 100 ms would take 10 s; never silent for the body timeout
            long start = System.nanoTime();
            client.send(HEAD + "Content-Length: 100\r\n\r\n");
            Thread trickle = new Thread(() -> trickle(client), "trickle");
            trickle.setDaemon(true);
            trickle.start();

            int healthDuringTrickle = others.get("/health").statusCode();
            String received = client.readUntilClosed();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            trickle.interrupt();

            assertThat(received).startsWith("HTTP/1.1 408");
            assertThat(error(received).getString("code")).isEqualTo("REQUEST_TIMEOUT");
            assertThat(elapsedMillis).isBetween(SHORT.body().toMillis() - 50, 3_000L);
            assertThat(healthDuringTrickle).isEqualTo(200);
            assertThat(others.get("/health").statusCode()).isEqualTo(200);
        } finally {
            others.close();
        }
    }

    @Test
    void aStalledBodyLogsNoError() throws Exception {
        try (CapturedLog log = new CapturedLog(Level.DEBUG);
                RawHttp client = new RawHttp(server.port())) {

            client.send(HEAD + "Content-Length: 100\r\n\r\n{").readUntilClosed();

            assertThat(log.messages(Level.ERROR)).isEmpty();
            assertThat(log.messages(Level.DEBUG)).anyMatch(m -> m.contains("body incomplete"));
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        try (RawHttp client = new RawHttp(server.port())) {

            String received = client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .readUntilClosed();

            assertThat(received).startsWith("HTTP/1.1 200").contains("\"status\":\"up\"");
        }
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws Exception {
        try (RawHttp client = new RawHttp(server.port())) {

            assertThat(client.readUntilClosed()).isEmpty();
        }
    }

    // one space every 100 ms until the server closes the connection or the test ends
    private static void trickle(RawHttp client) {
        try {
            for (int i = 0; i < 100; i++) {
                client.send(" ");
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the connection was closed: the trickle is over
        }
    }

    private static JsonObject error(String response) {
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        return new JsonObject(body).getJsonObject("error");
    }
}
