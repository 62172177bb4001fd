package dev.bandstand.simulation;

import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.InMemoryStatsStore;
import dev.bandstand.store.RedisStatsStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service path a simulation drives, chosen by the command's options, and what it holds
 * open (a Vert.x instance for HTTP and Redis) until closed.
 *
 * <p>With Redis, every run connects its own {@code RedisStatsStore} under its own key prefix
 * ({@code bandstand-sim-<start millis>-<n>}), so runs never share statistics; the keys stay
 * in Redis after the run, for inspection.
 */
final class Bandits implements AutoCloseable {

    private final String mode;
    private final BanditFactory factory;
    private final Vertx vertx;

    private Bandits(String mode, BanditFactory factory, Vertx vertx) {
        this.mode = mode;
        this.factory = factory;
        this.vertx = vertx;
    }

    /** Opens the path the options name: HTTP, Redis, or the in-process engine. */
    static Bandits open(Simulate.Options options) {
        return open(options, List.of());
    }

    /**
     * Opens the path the options name; over HTTP, first checks that the server has every
     * placement of {@code needed}.
     *
     * @throws IllegalStateException naming the missing placements and all needed ones
     */
    static Bandits open(Simulate.Options options, List<String> needed) {
        if (options.httpUrl() != null) {
            URI base = URI.create(options.httpUrl()); // checked by Simulate.Options
            Vertx vertx = Vertx.vertx();
            WebClient client = WebClient.create(vertx, new WebClientOptions()
                    .setKeepAlive(true));
            List<String> missing;
            try {
                missing = HttpBandit.missingPlacements(client, base, needed);
            } catch (RuntimeException e) {
                Await.result(vertx.close(), Duration.ofSeconds(10));
                throw e;
            }
            if (!missing.isEmpty()) {
                Await.result(vertx.close(), Duration.ofSeconds(10));
                throw new IllegalStateException("the server at " + base + " has no placement "
                        + String.join(", ", missing) + "; this scenario needs one placement per"
                        + " policy, named <scenario>-<policy>: " + String.join(", ", needed));
            }
            return new Bandits("http " + base, (placement, random) ->
                    new HttpBandit(client, base, placement.name()), vertx);
        }
        if (options.redisUri() != null) {
            Vertx vertx = Vertx.vertx();
            String run = "bandstand-sim-" + System.currentTimeMillis();
            AtomicInteger runs = new AtomicInteger();
            return new Bandits("engine, Redis store (prefix " + run + "-N)",
                    (placement, random) -> {
                        StoreSettings s = new StoreSettings(options.redisUri(),
                                run + "-" + runs.incrementAndGet(), Duration.ofSeconds(1),
                                Duration.ofSeconds(5), 100_000, Duration.ofSeconds(1));
                        RedisStatsStore store = Await.result(
                                RedisStatsStore.connect(vertx, s), Duration.ofSeconds(30));
                        return new EngineBandit(placement, random, store, true, false);
                    }, vertx);
        }
        if (options.fast()) {
            return new Bandits("direct (Policy.choose, no engine)", DirectBandit::new, null);
        }
        return new Bandits("engine, in-memory store", (placement, random) ->
                new EngineBandit(placement, random, new InMemoryStatsStore(), true, false),
                null);
    }

    /** How the service is driven, for the report: {@code engine}, {@code redis}, ... */
    String mode() {
        return mode;
    }

    BanditFactory factory() {
        return factory;
    }

    @Override
    public void close() {
        if (vertx != null) {
            Await.result(vertx.close(), Duration.ofSeconds(10));
        }
    }
}
