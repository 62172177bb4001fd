package dev.bandstand.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items written together, one write per placement (one script in the placement's Cluster
 * slot). An item leaves at once when no batch is being written; otherwise it waits with
 * others until that batch is answered, or until {@code most} items wait. So a lone item costs
 * one round trip and no timer, and under load each round trip carries many items. Items of
 * one placement are written in the order they were added. Thread-safe.
 *
 * @param <T> what is written
 * @param <R> what the write answers per item
 */
final class Batcher<T, R> {

    /** Writes one placement's items; answers one result per item, in order. */
    @FunctionalInterface
    interface Writer<T, R> {
        Future<List<R>> write(String placement, List<T> items);
    }

    private record Held<T, R>(String placement, T item, Promise<R> result) {
    }

    private final int most;
    private final Writer<T, R> writer;
    private List<Held<T, R>> open = new ArrayList<>();
    private int writing;

    Batcher(int most, Writer<T, R> writer) {
        this.most = most;
        this.writer = writer;
    }

    /** Holds {@code item}; the future fails with the write's failure. */
    Future<R> add(String placement, T item) {
        Promise<R> result = Promise.promise();
        List<Held<T, R>> batch = null;
        synchronized (this) {
            open.add(new Held<>(placement, item, result));
            if (writing == 0 || open.size() >= most) {
                batch = take();
            }
        }
        if (batch != null) {
            send(batch);
        }
        return result.future();
    }

    /** Sends what is held now, without waiting for the batch being written. */
    void sendNow() {
        List<Held<T, R>> batch;
        synchronized (this) {
            batch = open.isEmpty() ? null : take();
        }
        if (batch != null) {
            send(batch);
        }
    }

    /** The open batch, now counted as being written; under this object's lock. */
    private List<Held<T, R>> take() {
        List<Held<T, R>> batch = open;
        open = new ArrayList<>();
        writing++;
        return batch;
    }

    /** A batch was answered: the items that waited for it leave. */
    private void answered() {
        List<Held<T, R>> batch;
        synchronized (this) {
            writing--;
            batch = writing == 0 && !open.isEmpty() ? take() : null;
        }
        if (batch != null) {
            send(batch);
        }
    }

    private void send(List<Held<T, R>> batch) {
        Map<String, List<Held<T, R>>> byPlacement = new LinkedHashMap<>();
        for (Held<T, R> h : batch) {
            byPlacement.computeIfAbsent(h.placement(), p -> new ArrayList<>()).add(h);
        }
        List<Future<List<R>>> writes = new ArrayList<>(byPlacement.size());
        byPlacement.forEach((placement, held) -> {
            List<T> items = new ArrayList<>(held.size());
            held.forEach(h -> items.add(h.item()));
            Future<List<R>> sent;
            try {
                sent = writer.write(placement, items);
            } catch (RuntimeException e) {
                sent = Future.failedFuture(e);
            }
            writes.add(sent);
            sent.onComplete(ar -> {
                for (int i = 0; i < held.size(); i++) {
                    if (ar.succeeded()) {
                        held.get(i).result().complete(ar.result().get(i));
                    } else {
                        held.get(i).result().fail(ar.cause());
                    }
                }
            });
        });
        Future.join(writes).onComplete(done -> answered());
    }
}
