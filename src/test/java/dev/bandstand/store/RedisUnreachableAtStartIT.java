package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bandstand.config.StoreSettings;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis store cannot start without Redis, and says so plainly: which URI (without its
 * password) and why (regression: "Unable to connect to 127.0.0.1/&lt;unresolved&gt;:PORT"). The
 * port is that of a redis-server this test started and stopped, so nothing else listens.
 */
class RedisUnreachableAtStartIT {

    private Path dir;
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-unreachable-");
        vertx = Vertx.vertx();
        RedisServer redis = RedisServer.start(dir);
        port = redis.port();
        redis.stop();
    }

    @AfterEach
    void stop() {
        Decisions.await(vertx.close());
        RedisServers.deleteTree(dir);
    }

    @Test
    void theFailureNamesTheUriWithoutItsPasswordAndTheReason() {
        StoreSettings settings = new StoreSettings("redis://app:s3cret@127.0.0.1:" + port + "/0",
                "start", Duration.ofSeconds(1), Duration.ofMillis(300), 10,
                Duration.ofSeconds(1));

        Throwable failure = catchThrowable(() -> Decisions.await(Stores.create(settings, vertx)));

        assertThat(failure).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot connect to Redis at redis://***@127.0.0.1:" + port + "/0");
        assertThat(failure.getCause()).hasMessageContaining("refused")
                .hasMessageNotContaining("<unresolved>");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
        }
    }
}
