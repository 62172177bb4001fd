package dev.bandstand.simulation;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a Vert.x future on a simulation worker thread (never an event loop): a future
 * already complete, as the in-memory store's are, costs no hand-over.
 */
final class Await {

    private Await() {
    }

    /**
     * The future's result.
     *
     * @throws IllegalStateException with the cause when the future failed or timed out
     */
    static <T> T result(Future<T> future, Duration timeout) {
        if (future.isComplete()) {
            if (future.failed()) {
                throw new IllegalStateException(future.cause().getMessage(), future.cause());
            }
            return future.result();
        }
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
