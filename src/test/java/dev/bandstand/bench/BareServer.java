package dev.bandstand.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The baseline of the load benchmark: a Vert.x HTTP endpoint on 127.0.0.1 that reads each
 * request body and answers JSON of the same size as Bandstand's decision answer, doing no
 * other work. As many instances as Bandstand deploys (one per default event loop).
 *
 * <p>Usage: {@code BareServer PORT DECISION_BYTES}; runs until killed.
 */
public final class BareServer extends VerticleBase {

    private final int port;
    private final Buffer decision;
    private final Buffer reward;

    private BareServer(int port, int decisionBytes) {
        this.port = port;
        this.decision = Buffer.buffer(padded("{\"eventId\":\"bare\",\"pad\":\"", decisionBytes));
        this.reward = Buffer.buffer(
                "{\"eventId\":\"bare\",\"armId\":\"bare\",\"status\":\"accepted\"}");
    }

    /** Starts the instances and prints {@code listening PORT}. */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int bytes = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareServer(port, bytes), new DeploymentOptions()
                        .setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
                .onSuccess(id -> System.out.println("listening " + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    boolean isReward = req.path().equals("/v1/rewards");
                    req.response().setStatusCode(isReward ? 202 : 200)
                            .putHeader("content-type", "application/json")
                            .end(isReward ? reward : decision);
                }))
                .listen();
    }

    private static String padded(String head, int bytes) {
        StringBuilder b = new StringBuilder(head);
        while (b.length() < bytes - 2) {
            b.append('x');
        }
        return b.append("\"}").toString();
    }
}
