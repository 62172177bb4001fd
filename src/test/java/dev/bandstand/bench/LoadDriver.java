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
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Load driver of {@code bench/load.sh}: sends decisions, and rewards for a share of them, to
 * HTTP endpoints on 127.0.0.1 and prints throughput and latency as Markdown table rows.
 * Bounded in time; never aims anywhere but the URLs it is given.
 *
 * <p>Phases per target: a warm-up, then a closed loop of {@code concurrency} request chains
 * (throughput), then an open loop at half the target's own closed-loop decision rate
 * (latency, measured from each request's intended send time so that queueing is counted).
 * All requests run on one event loop thread, so the histograms need no locking.
 *
 * <p>Usage: {@code LoadDriver probe URL PLACEMENT} prints the size of one decision answer;
 * {@code LoadDriver run SECONDS CONCURRENCY REWARD_SHARE PLACEMENT NAME=URL...} runs.
 */
public final class LoadDriver {

    private static final int MAX_OUTSTANDING = 2048;
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
            for (int i = 5; i < args.length; i++) {
                String[] target = args[i].split("=", 2);
                d.target(target[0], target[1], seconds, concurrency);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void target(String name, String base, int seconds, int concurrency)
            throws Exception {
        Duration time = Duration.ofSeconds(seconds);
        run(new Phase(name, "warm-up", base, 0, concurrency, time.dividedBy(3)));
        Phase max = run(new Phase(name, "closed loop x" + concurrency, base, 0, concurrency,
                time));
        print(max);
        double half = max.decisions / (double) seconds / 2;
        print(run(new Phase(name, "open loop at 50%", base, half, concurrency, time)));
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
        String body = "{\"context\":{\"timestamp\":\"" + Instant.now() + "\","
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
            return decision(base).compose(r -> {
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
