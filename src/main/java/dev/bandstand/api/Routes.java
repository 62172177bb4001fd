package dev.bandstand.api;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.placement.Decision;
import dev.bandstand.placement.DecisionJournal;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.Placements;
import dev.bandstand.placement.Rejection;
import dev.bandstand.placement.RewardRequest;
import dev.bandstand.store.InMemoryStatsStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handlers: each reads its request, calls the engine, and writes the answer.
 * One instance per verticle; it runs on that verticle's event loop only, which is what makes
 * its random generator safe to use. A large decision ({@link #heavy}) is made on a worker
 * thread with a generator seeded from the verticle's.
 *
 * <p>Limitations: the placement's lock is held for the whole of a large decision, so other
 * decisions of the same placement wait for it, on their event loops.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    /** Candidates x count from which a decision runs on a worker thread: 50 of 1,000. */
    static final long HEAVY_WORK = 50_000;

    /**
     * Candidates from which even a single choice runs on a worker thread: Monte Carlo
     * probabilities over thousands of candidates take a large share of a second.
     */
    static final int HEAVY_CANDIDATES = 2_000;

    private final Placements placements;
    private final RandomGenerator random;
    private final RequestParser parser = new RequestParser();

    Routes(Placements placements, RandomGenerator random) {
        this.placements = placements;
        this.random = random;
    }

    /** {@code POST /v1/placements/:placement/decisions}. */
    void decide(RoutingContext ctx) {
        String name = ctx.pathParam("placement");
        if (placements.placement(name) == null) {
            throw new Rejection(404, "UNKNOWN_PLACEMENT", null, "no such placement: " + name);
        }
        DecisionRequest request = parser.decision(name, bytes(ctx));
        Future<Decision> decided;
        if (heavy(request)) {
            // a generator of its own: the worker must not share the event loop's
            RandomGenerator own = new SplittableRandom(random.nextLong());
            // the engine computes the probabilities before it records: on the worker too
            decided = ctx.vertx().executeBlocking(() -> placements.decide(request, own), false)
                    .compose(d -> d);
        } else {
            decided = placements.decide(request, random);
        }
        decided.onSuccess(d -> send(ctx, 200, Views.decision(d))).onFailure(ctx::fail);
    }

    /**
     * True when a decision is large enough (at least {@link #HEAVY_CANDIDATES} candidates, or
     * candidates x count of at least {@link #HEAVY_WORK}) to be made on a worker thread, so
     * that it does not hold up the event loop's other requests.
     */
    static boolean heavy(DecisionRequest request) {
        int candidates = request.candidates().size();
        return candidates >= HEAVY_CANDIDATES || (long) candidates * request.count() >= HEAVY_WORK;
    }

    /** {@code POST /v1/rewards}. */
    void reward(RoutingContext ctx) {
        RewardRequest request = parser.reward(bytes(ctx));
        placements.reward(request)
                .onSuccess(r -> send(ctx, 202, Views.receipt(r)))
                .onFailure(ctx::fail);
    }

    /**
     * {@code DELETE /v1/users/:userId}: forgets the person; 204 once the store and the
     * decision log files no longer hold anything carrying their key. The raw id is never
     * logged.
     */
    void forgetUser(RoutingContext ctx) {
        String userId = JsonFields.checkId(ctx.pathParam("userId"), "userId");
        placements.forgetUser(userId)
                .onSuccess(v -> noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** {@code PUT /v1/placements/:placement/arms/:armId}: adds the arm; 204. */
    void addArm(RoutingContext ctx) {
        String name = ctx.pathParam("placement");
        RequestParser.AddedArm added = parser.arm(ctx.pathParam("armId"), bytes(ctx));
        placements.arms().add(name, added.arm(), added.priorMean(), added.priorWeight())
                .onSuccess(v -> noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** {@code DELETE /v1/placements/:placement/arms/:armId}: retires the arm; 204. */
    void retireArm(RoutingContext ctx) {
        String armId = JsonFields.checkId(ctx.pathParam("armId"), "armId");
        placements.arms().retire(ctx.pathParam("placement"), armId)
                .onSuccess(v -> noContent(ctx))
                .onFailure(ctx::fail);
    }

    private static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).end()
                .onFailure(err -> LOG.debug("answer not sent: {}", err.toString()));
    }

    /** {@code GET /v1/placements}. */
    void list(RoutingContext ctx) {
        send(ctx, 200, Views.placements(placements.placements()));
    }

    /** {@code GET /v1/placements/:placement}. */
    void describe(RoutingContext ctx) {
        String name = ctx.pathParam("placement");
        PlacementSettings settings = placements.placement(name);
        placements.report(name)
                .compose(report -> placements.experimentReport(name)
                        .map(modes -> Views.placement(settings,
                                placements.arms().current(name), report)
                                .put("modes", ExperimentViews.modes(modes.modes()))))
                .onSuccess(json -> send(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    /** {@code GET /v1/placements/:placement/experiment}. */
    void experiment(RoutingContext ctx) {
        String name = ctx.pathParam("placement");
        PlacementSettings settings = placements.placement(name);
        if (settings != null && settings.experiment() == null) {
            throw new Rejection(404, "NO_EXPERIMENT", null,
                    "placement " + name + " has no experiment");
        }
        placements.experimentReport(name)
                .onSuccess(report -> send(ctx, 200, ExperimentViews.report(report)))
                .onFailure(ctx::fail);
    }

    /** {@code GET /health}. */
    void health(RoutingContext ctx) {
        String type = placements.store() instanceof InMemoryStatsStore ? "memory" : "redis";
        DecisionJournal journal = placements.journal();
        String log = !journal.logging() ? null : journal.failing() ? "failing" : "up";
        send(ctx, 200, Views.health(placements.storeUp(), type, log));
    }

    private static byte[] bytes(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body.encode())
                .onFailure(err -> LOG.debug("answer not sent: {}", err.toString()));
    }
}
