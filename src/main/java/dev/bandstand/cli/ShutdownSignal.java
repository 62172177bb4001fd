package dev.bandstand.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM and SIGINT (through a JVM shutdown hook) into a stop request, and holds the
 * JVM's exit until the service reports it has stopped or {@code grace} has passed.
 */
final class ShutdownSignal implements ServeCommand.StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Registers the shutdown hook; call once the service is up. */
    ShutdownSignal(Duration grace) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requested.countDown();
            try {
                stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bandstand-shutdown"));
    }

    @Override
    public void awaitStop() throws InterruptedException {
        requested.await();
    }

    @Override
    public void stopped() {
        stopped.countDown();
    }
}
