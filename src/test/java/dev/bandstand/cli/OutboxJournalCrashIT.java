package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.store.RedisServer;
import dev.bandstand.store.RedisServers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as its own process, killed with SIGKILL while Redis is down: the rewards it
 * acknowledged with 202 during the outage are in its outbox journal, and a new process on the
 * same journal writes each to Redis exactly once before it serves. A third process given a
 * copy of the same journal (as a crash just after the replay, before the journal dropped what
 * it wrote, would leave it) changes nothing. Redis keeps an append-only file, so that its
 * restart brings back the decisions made before the outage.
 */
class OutboxJournalCrashIT {

    private static final Path PROJECT = Path.of(System.getProperty("bandstand.projectDir", "."));
    private static final Path JAR = PROJECT.resolve("target/bandstand.jar");
    private static final JsonObject CONTEXT = new JsonObject()
            .put("timestamp", "2024-03-02T20:30:00Z").put("timeZone", "Europe/Paris")
            .put("device", "tv");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private Path dir;
    private RedisServer redis;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("bandstand-crash-");
        redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
    }

    @AfterEach
    void stop() throws InterruptedException {
        try {
            for (Process p : processes) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }

    @Test
    void rewardsAcknowledgedBeforeAKillDuringAnOutageCountOnceAfterARestartAndAReplay()
            throws Exception {
        Path journal = dir.resolve("journal");
        Path config = config(null);
        Service first = serve("first", config, "--outbox-journal", journal.toString());
        List<String> before = List.of(first.decide(), first.decide(), first.decide());
        int appliedBefore = first.reward(before.get(0)).statusCode();

        redis.stop();
        List<JsonObject> during = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            during.add(first.decision());
        }
        List<Integer> acknowledged = new ArrayList<>();
        for (String id : List.of(before.get(1), before.get(2), id(during, 0), id(during, 1),
                id(during, 2))) {
            acknowledged.add(first.reward(id).statusCode());
        }
        int again = first.reward(id(during, 0)).statusCode();
        first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Path copy = Files.createDirectory(dir.resolve("copy"));
        Files.copy(journal.resolve("outbox.journal"), copy.resolve("outbox.journal"));
        redis.restart();

        Service second = serve("second", config(journal));
        awaitTrue(() -> !Files.exists(journal.resolve("outbox.journal")));
        Stats afterReplay = stats();
        int duplicateAfterReplay = second.reward(id(during, 1)).statusCode();
        second.process.destroy();
        second.process.waitFor(30, TimeUnit.SECONDS);
        Service third = serve("third", config(copy));
        Stats afterSecondReplay = stats();

        assertThat(appliedBefore).isEqualTo(202);
        assertThat(during).allSatisfy(d -> assertThat(d.containsKey("recorded"))
                .as(d.encode()).isFalse());
        assertThat(acknowledged).containsOnly(202);
        assertThat(again).isEqualTo(409);
        // 7 decisions, 6 of them rewarded (1 before the outage, 5 during it), each once
        assertThat(afterReplay).isEqualTo(new Stats(6, 1, 7 + 6));
        assertThat(duplicateAfterReplay).isEqualTo(409);
        assertThat(second.log()).contains("replayed 9 operations left by an earlier run; all"
                + " written to Redis");
        assertThat(afterSecondReplay).isEqualTo(afterReplay);
        assertThat(third.log()).contains("replayed 9 operations left by an earlier run; all"
                + " written to Redis");
    }

    private static String id(List<JsonObject> decisions, int i) {
        return decisions.get(i).getString("eventId");
    }

    /** Counts and pending decisions over both arms, and the version, read from Redis. */
    private record Stats(double count, double pending, long version) {
    }

    private Stats stats() {
        String sums = "crash:{artwork}:s";
        double count = 0;
        double pending = 0;
        for (String arm : List.of("a", "b")) {
            count += number(redis.cli("hget", sums, "n||" + arm));
            pending += number(redis.cli("hget", sums, "p||" + arm));
        }
        return new Stats(count, pending, (long) number(redis.cli("hget", sums, "#v")));
    }

    private static double number(String reply) {
        return reply.isEmpty() ? 0 : Double.parseDouble(reply);
    }

    /** The configuration file; its outbox journal {@code journal}, or none. */
    private Path config(Path journal) throws IOException {
        Path file = Files.createTempFile(dir, "bandstand-", ".yaml");
        Files.writeString(file, String.join("\n",
                "server:",
                "  host: 127.0.0.1",
                "store:",
                "  redis:",
                "    uri: " + redis.uri(),
                "  prefix: crash",
                "  commandTimeout: 300ms",
                "  syncInterval: 200ms",
                "  outboxJournal: " + (journal == null ? "none" : journal.toString()),
                "placements:",
                "  artwork:",
                "    policy:",
                "      type: uniform",
                "    arms: [a, b]",
                ""));
        return file;
    }

    /** Starts {@code bandstand serve} on a free port and waits until its store is up. */
    private Service serve(String name, Path config, String... options) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), "serve", "--config",
                config.toString(), "--port", Integer.toString(port)));
        command.addAll(List.of(options));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        Service service = new Service(process, port, log);
        awaitTrue(() -> {
            assertThat(process.isAlive()).as("bandstand %s is running; see %s", name, log)
                    .isTrue();
            return service.storeUp();
        });
        return service;
    }

    /** A running service process. */
    private final class Service {
        final Process process;
        final int port;
        final Path log;

        Service(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        JsonObject decision() throws Exception {
            HttpResponse<String> r = post("/v1/placements/artwork/decisions",
                    new JsonObject().put("context", CONTEXT));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new JsonObject(r.body());
        }

        String decide() throws Exception {
            return decision().getString("eventId");
        }

        HttpResponse<String> reward(String eventId) throws Exception {
            return post("/v1/rewards", new JsonObject().put("eventId", eventId).put("value", 1));
        }

        boolean storeUp() {
            try {
                HttpResponse<String> r = http.send(request("/health").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && new JsonObject(r.body()).getJsonObject("store")
                        .getString("status").equals("up");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        private HttpResponse<String> post(String path, JsonObject body) throws Exception {
            return http.send(request(path).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls a condition every 100 ms, at most 60 s. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
