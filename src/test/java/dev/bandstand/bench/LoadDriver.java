package dev.bandstand.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Load driver of {@code bench/load.sh}: sends decisions, and rewards for a share of them, to
 * HTTP endpoints on 127.0.0.1 and prints throughput and latency as Markdown table rows.
 * Bounded in time; never aims anywhere but the URLs it is given.
 *
 * <p>Phases per target: a warm-up (system property {@code warmup} in seconds, a third of a
 * phase by default), then a closed loop of {@code concurrency} request chains
 * (throughput), then an open loop at half the target's own closed-loop decision rate
 * (latency, measured from each request's intended send time so that queueing is counted).
 * After every target, when the first is named {@code bare}, the bare endpoint is driven
 * again at each other target's open-loop rate: the latency the driver and the shared cores
 * add at that rate, under which no server can go. All requests run on one event loop thread,
 * so the histograms need no locking.
 *
 * <p>Usage: {@code LoadDriver probe URL PLACEMENT} prints the size of one decision answer;
 * {@code LoadDriver run SECONDS CONCURRENCY REWARD_SHARE PLACEMENT NAME=URL[=PID+PID]...} runs,
 * and with process ids also tells the CPU time those processes used per decision.
 */
public final class LoadDriver {

    private static final int MAX_OUTSTANDING = 2048;
    // USER_HZ, which Linux fixes at 100 for /proc
    private static final double TICKS_PER_SECOND = 100;
    private static final String[] DEVICES = {"phone", "tv", "web", "tablet"};
    private static final String[] ACTIVITIES = {"commuting", "resting", "running", "working"};

    private final Vertx vertx;
    private final WebClient client;
    private final String placement;
    private final double rewardShare;
    private final SplittableRandom random = new SplittableRandom(20260301L);

    private LoadDriver(Vertx vertx, int concurrency, String placement, double rewardShare) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                .setPipelining(false), new PoolOptions().setHttp1MaxSize(concurrency)
                .setMaxWaitQueueSize(-1));
        this.placement = placement;
        this.rewardShare = rewardShare;
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            if (args[0].equals("probe")) {
                LoadDriver d = new LoadDriver(vertx, 1, args[2], 0);
                HttpResponse<Buffer> r = d.decision(args[1]).toCompletionStage()
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                System.out.println(r.body().length());
                return;
            }
            int seconds = Integer.parseInt(args[1]);
            int concurrency = Integer.parseInt(args[2]);
            double share = Double.parseDouble(args[3]);
            LoadDriver d = new LoadDriver(vertx, concurrency, args[4], share);
            System.out.println("| target | phase | decisions/s | rewards/s | decision p50 ms"
                    + " | decision p99 ms | reward p99 ms | errors |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            List<String> cpu = new ArrayList<>();
            Map<String, Double> halves = new LinkedHashMap<>();
            for (int i = 5; i < args.length; i++) {
                String[] target = args[i].split("=", 3);
                cpu.add(d.target(target[0], target[1], seconds, concurrency,
                        target.length > 2 ? target[2] : "", halves));
            }
            d.floors(args, seconds, concurrency, halves);
            System.out.println();
            System.out.println("| target | CPU per decision, with its share of rewards (per"
                    + " process), after the warm-up | decisions measured |");
            System.out.println("|---|---|---|");
            cpu.forEach(System.out::println);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs the phases against one target and returns a Markdown row: the CPU time its
     * processes ({@code pids}, '+'-separated, read from /proc) used per decision.
     */
    private String target(String name, String base, int seconds, int concurrency,
            String pids, Map<String, Double> halves) throws Exception {
        Duration time = Duration.ofSeconds(seconds);
        Duration warmUp = Duration.ofSeconds(Long.getLong("warmup", seconds / 3));
        run(new Phase(name, "warm-up", base, 0, concurrency, warmUp));
        String[] each = pids.isEmpty() ? new String[0] : pids.split("\\+");
        long[] before = new long[each.length];
        for (int i = 0; i < each.length; i++) {
            before[i] = ticks(each[i]);
        }
        Phase max = run(new Phase(name, "closed loop x" + concurrency, base, 0, concurrency,
                time));
        print(max);
        double half = max.decisions / (double) seconds / 2;
        halves.put(name, half);
        Phase open = run(new Phase(name, "open loop at 50%", base, half, concurrency, time));
        print(open);

        long decisions = Math.max(1, max.decisions + open.decisions);
        double total = 0;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < each.length; i++) {
            double micros = (ticks(each[i]) - before[i]) * 1e6 / TICKS_PER_SECOND / decisions;
            total += micros;
            parts.add(String.format(Locale.ROOT, "%.0f", micros));
        }
        String cpu = each.length == 0 ? "not measured"
                : String.format(Locale.ROOT, "%.0f µs", total)
                        + (each.length > 1 ? " (" + String.join(" + ", parts) + ")" : "");
        return String.format(Locale.ROOT, "| %s | %s | %d |", name, cpu, decisions);
    }

    /**
     * The floor under the other targets' open-loop latency: the bare endpoint (the first
     * target, when it is named {@code bare}) driven at each other target's open-loop rate. The
     * driver sends on a 1 ms tick and shares the cores with the servers, so part of every
     * open-loop latency is its own; this row shows how much at that rate.
     */
    private void floors(String[] args, int seconds, int concurrency, Map<String, Double> halves)
            throws Exception {
        String[] bare = args[5].split("=", 3);
        if (!bare[0].equals("bare")) {
            return;
        }
        for (Map.Entry<String, Double> e : halves.entrySet()) {
            if (e.getKey().equals("bare")) {
                continue;
            }
            Phase floor = run(new Phase("bare", String.format(Locale.ROOT,
                    "open loop at %s's rate (%.0f/s)", e.getKey(), e.getValue()), bare[1],
                    e.getValue(), concurrency, Duration.ofSeconds(seconds)));
            print(floor);
        }
    }

    /** User plus system CPU time of one process, in clock ticks. */
    private static long ticks(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime); f starts at field 3
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private Phase run(Phase phase) throws Exception {
        Promise<Phase> done = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> phase.start(done));
        return done.future().toCompletionStage().toCompletableFuture()
                .get(phase.duration.toSeconds() + 60, TimeUnit.SECONDS);
    }

    private static void print(Phase p) {
        double s = p.duration.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %d |%n",
                p.target, p.name, p.decisions / s, p.rewards / s,
                p.decisionMicros.getValueAtPercentile(50) / 1000.0,
                p.decisionMicros.getValueAtPercentile(99) / 1000.0,
                p.rewardMicros.getValueAtPercentile(99) / 1000.0, p.errors);
    }

    private Future<HttpResponse<Buffer>> decision(String base) {
        return decision(base, false);
    }

    /** A decision request; with {@code explain} it asks for explanations. */
    private Future<HttpResponse<Buffer>> decision(String base, boolean explain) {
        String body = "{" + (explain ? "\"explain\":true," : "")
                + "\"context\":{\"timestamp\":\"" + Instant.now() + "\","
                + "\"timeZone\":\"Europe/Paris\",\"device\":\""
                + DEVICES[random.nextInt(DEVICES.length)] + "\",\"activity\":\""
                + ACTIVITIES[random.nextInt(ACTIVITIES.length)] + "\"}}";
        return client.postAbs(base + "/v1/placements/" + placement + "/decisions")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body));
    }

    private Future<HttpResponse<Buffer>> reward(String base, String eventId) {
        String body = "{\"eventId\":\"" + eventId + "\",\"value\":" + random.nextInt(2) + "}";
        return client.postAbs(base + "/v1/rewards")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body));
    }

    private static String eventId(Buffer body) {
        String s = body.toString();
        int at = s.indexOf("\"eventId\":\"");
        return at < 0 ? null : s.substring(at + 11, s.indexOf('"', at + 11));
    }

    /** One measured phase against one target; touched only on the driver's event loop. */
    private final class Phase {
        final String target;
        final String name;
        final String base;
        final double rate;
        final int concurrency;
        final Duration duration;
        final Histogram decisionMicros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        final Histogram rewardMicros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long decisions;
        long rewards;
        long errors;
        long sent;
        int outstanding;
        long startNanos;
        long endNanos;
        int finished;
        Promise<Phase> done;

        Phase(String target, String name, String base, double rate, int concurrency,
                Duration duration) {
            this.target = target;
            this.name = name;
            this.base = base;
            this.rate = rate;
            this.concurrency = concurrency;
            this.duration = duration;
        }

        void start(Promise<Phase> done) {
            this.done = done;
            startNanos = System.nanoTime();
            endNanos = startNanos + duration.toNanos();
            if (rate > 0) {
                vertx.setPeriodic(1, id -> tick(id));
            } else {
                for (int i = 0; i < concurrency; i++) {
                    chain();
                }
            }
        }

        private void chain() {
            if (System.nanoTime() >= endNanos) {
                finishOne();
                return;
            }
            send(System.nanoTime()).onComplete(ar -> chain());
        }

        private void tick(long timer) {
            long now = System.nanoTime();
            if (now >= endNanos) {
                vertx.cancelTimer(timer);
                finishOne();
                return;
            }
            long due = (long) ((now - startNanos) / 1e9 * rate);
            while (sent < due && outstanding < MAX_OUTSTANDING) {
                long intended = startNanos + (long) (sent / rate * 1e9);
                send(intended);
            }
            if (sent < due) {
                errors += due - sent;
                sent = due;
            }
        }

        /** One decision and, for a share of them, its reward; latency from {@code intended}. */
        private Future<Void> send(long intended) {
            sent++;
            outstanding++;
            // a target named explain... asks for explanations (bench/explain.sh)
            return decision(base, target.startsWith("explain")).compose(r -> {
                long now = System.nanoTime();
                if (r.statusCode() != 200) {
                    errors++;
                    return Future.<Void>succeededFuture();
                }
                if (now < endNanos) {
                    decisions++;
                    decisionMicros.recordValue((now - intended) / 1000);
                }
                String id = eventId(r.body());
                if (id == null || random.nextDouble() >= rewardShare) {
                    return Future.<Void>succeededFuture();
                }
                long rewardSent = System.nanoTime();
                return reward(base, id).map(rr -> {
                    long end = System.nanoTime();
                    if (rr.statusCode() != 202) {
                        errors++;
                    } else if (end < endNanos) {
                        rewards++;
                        rewardMicros.recordValue((end - rewardSent) / 1000);
                    }
                    return (Void) null;
                });
            }).recover(e -> {
                errors++;
                return Future.succeededFuture();
            }).onComplete(ar -> outstanding--);
        }

        private void finishOne() {
            // closed loop: every chain ends once; open loop: the timer ends once
            finished++;
            if (rate > 0 || finished == concurrency) {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                vertx.setPeriodic(10, id -> {
                    if (outstanding == 0 || System.nanoTime() > giveUp) {
                        vertx.cancelTimer(id);
                        done.tryComplete(this);
                    }
                });
            }
        }
    }
}
