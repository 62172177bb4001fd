package dev.bandstand.store;

import dev.bandstand.config.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;

/** Makes the store the settings ask for. */
public final class Stores {

    private Stores() {
    }

    /**
     * The store of {@code settings}: {@link RedisStatsStore} when {@code redisUri} is set (and
     * not blank), else a fresh {@link InMemoryStatsStore}.
     *
     * @return the store, connected; fails when Redis cannot be reached at start-up
     * @throws IllegalArgumentException when the prefix or the buffer bound is invalid
     */
    public static Future<StatsStore> create(StoreSettings settings, Vertx vertx) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(vertx, "vertx");
        String uri = settings.redisUri();
        if (uri == null || uri.isBlank()) {
            return Future.succeededFuture(new InMemoryStatsStore());
        }
        return RedisStatsStore.connect(vertx, settings).map(store -> store);
    }
}
