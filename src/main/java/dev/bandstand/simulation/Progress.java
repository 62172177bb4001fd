package dev.bandstand.simulation;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shows how far a simulation is: on a terminal a bar redrawn in place with rate and ETA,
 * otherwise (a pipe, a CI log) a plain line every {@code plainEvery}.
 *
 * <p>Runs counters are bumped by the worker threads through {@link #counter()}; one daemon
 * thread of its own prints. {@link #close()} prints the final state and stops it.
 */
final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;

    private final LongAdder done = new LongAdder();
    private final long total;
    private final PrintWriter out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer;

    /**
     * Starts printing to {@code out}.
     *
     * @param total rounds of all runs together
     * @param terminal true to redraw a bar in place, false for plain lines
     * @param plainEvery interval of plain lines; a bar redraws twice a second
     */
    Progress(long total, PrintWriter out, boolean terminal, Duration plainEvery) {
        this.total = Math.max(1, total);
        this.out = out;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulation-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 500 : Math.max(100, plainEvery.toMillis());
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    /** The counter workers add finished rounds to. */
    LongAdder counter() {
        return done;
    }

    /** One line describing the state now, such as {@code 45% 90,000/200,000 rounds ...}. */
    String line() {
        long d = done.sum();
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = seconds > 0 ? d / seconds : 0;
        double share = Math.min(1.0, (double) d / total);
        String eta = rate > 0 ? clock((total - d) / rate) : "?";
        String text = String.format(Locale.ROOT, "%3.0f%% %,d/%,d rounds  %,.0f rounds/s  "
                + "elapsed %s  ETA %s", share * 100, d, total, rate, clock(seconds), eta);
        if (!terminal) {
            return "simulate: " + text;
        }
        int filled = (int) Math.round(share * WIDTH);
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + text;
    }

    private void print() {
        if (terminal) {
            out.print("\r" + line());
        } else {
            out.println(line());
        }
        out.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        print();
        if (terminal) {
            out.println();
        }
    }

    private static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
