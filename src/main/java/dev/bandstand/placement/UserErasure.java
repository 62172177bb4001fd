package dev.bandstand.placement;

import dev.bandstand.store.ForgottenUser;
import dev.bandstand.store.StatsStore;
import io.vertx.core.Future;

/**
 * Forgetting people for {@link Placements}: the store's decisions and this instance's
 * decision log on request, and the log again for people other instances were asked to forget
 * (read from the store at each sync). Thread-safe, as {@link Placements} is.
 */
final class UserErasure {

    private final StatsStore store;
    private final StoreHealth health;
    private final DecisionJournal journal;
    /** Time of the newest announced forgetting this instance has read, epoch ms. */
    private volatile long cursor;

    UserErasure(StatsStore store, StoreHealth health, DecisionJournal journal) {
        this.store = store;
        this.health = health;
        this.journal = journal;
    }

    /** See {@link Placements#forgetUser}. */
    Future<Void> forget(String userId) {
        String key = journal.keys().key(userId);
        // a line handed to the writer before the journal knows the key is written before the
        // rewrite, which takes it out again; later ones are not written (DecisionJournal)
        return store.forgetUser(key)
                .recover(err -> Future.failedFuture(err instanceof UnsupportedOperationException
                        ? new Rejection(501, "NOT_SUPPORTED", null, "this statistics store "
                                + "cannot forget users yet")
                        : health.failed(store, err)))
                .compose(changed -> journal.forget(key))
                .mapEmpty();
    }

    /** Takes the people other instances forgot out of this instance's decision log. */
    Future<Void> catchUp() {
        if (!journal.logging()) {
            return Future.succeededFuture();
        }
        return store.forgottenSince(cursor).compose(people -> {
            Future<?> chain = Future.succeededFuture();
            for (ForgottenUser person : people) {
                // inclusive cursor: a key forgotten in the same millisecond is not missed
                cursor = Math.max(cursor, person.atMillis());
                chain = chain.compose(v -> journal.forgetAnnounced(person.userKey()));
            }
            return chain.mapEmpty();
        });
    }
}
