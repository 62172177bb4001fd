package dev.bandstand.store;

import dev.bandstand.config.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the store the settings ask for. */
public final class Stores {

    private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

    private Stores() {
    }

    /**
     * The store of {@code settings}: {@link RedisStatsStore} when {@code redisUri} is set (and
     * not blank), else a fresh {@link InMemoryStatsStore} (which has no outage buffer, so an
     * outbox journal is ignored, with a WARN).
     *
     * @return the store, connected; fails when Redis cannot be reached at start-up or the
     *     outbox journal cannot be opened
     * @throws IllegalArgumentException when the prefix or the buffer bound is invalid
     */
    public static Future<StatsStore> create(StoreSettings settings, Vertx vertx) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(vertx, "vertx");
        String uri = settings.redisUri();
        if (uri == null || uri.isBlank()) {
            if (settings.outboxJournal() != null) {
                LOG.warn("store.outboxJournal ({}) is ignored: the in-memory store has no Redis"
                        + " and no outage buffer to keep", settings.outboxJournal());
            }
            return Future.succeededFuture(new InMemoryStatsStore());
        }
        return RedisStatsStore.connect(vertx, settings).map(store -> store);
    }
}
