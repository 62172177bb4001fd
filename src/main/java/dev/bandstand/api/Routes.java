package dev.bandstand.api;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.Placements;
import dev.bandstand.placement.Rejection;
import dev.bandstand.placement.RewardRequest;
import dev.bandstand.store.InMemoryStatsStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handlers: each reads its request, calls the engine, and writes the answer.
 * One instance per verticle; it runs on that verticle's event loop only, which is what makes
 * its random generator safe to use.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

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
        placements.decide(request, random)
                .onSuccess(d -> send(ctx, 200, Views.decision(d)))
                .onFailure(ctx::fail);
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
                        .map(modes -> Views.placement(settings, report)
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
        send(ctx, 200, Views.health(placements.storeUp(), type));
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
