package dev.bandstand.simulation;

import dev.bandstand.store.InMemoryStatsStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;

/**
 * The service path a simulation drives, chosen by the command's options, and what it holds
 * open (a Vert.x instance for HTTP and Redis) until closed.
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
        if (options.httpUrl() != null) {
            URI base = URI.create(options.httpUrl());
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new IllegalArgumentException("--through-http must be an http(s) URL: "
                        + options.httpUrl());
            }
            Vertx vertx = Vertx.vertx();
            WebClient client = WebClient.create(vertx, new WebClientOptions()
                    .setKeepAlive(true));
            return new Bandits("http " + base, (placement, random) ->
                    new HttpBandit(client, base, placement.name()), vertx);
        }
        if (options.redisUri() != null) {
            // TODO(integration): the RedisStatsStore path, once it is on main
            throw new IllegalStateException("--redis is not available in this build yet");
        }
        if (options.fast()) {
            return new Bandits("direct (Policy.choose, no engine)", DirectBandit::new, null);
        }
        return new Bandits("engine, in-memory store", (placement, random) ->
                new EngineBandit(placement, random, new InMemoryStatsStore(), true), null);
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
