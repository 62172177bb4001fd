package dev.bandstand.store;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts redis-server processes for a test class and stops them (by
 * their own process ids) after it: one standalone server, or a Cluster of masters made with
 * {@code redis-cli --cluster create}. All on 127.0.0.1, free ports, no persistence, in a
 * temporary directory removed afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServers REDIS = RedisServers.standalone();
 * }</pre>
 */
public final class RedisServers implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private final int masters;
    private final List<RedisServer> servers = new ArrayList<>();
    private final AtomicInteger prefixes = new AtomicInteger();
    private Path dir;
    private Vertx vertx;

    private RedisServers(int masters) {
        this.masters = masters;
    }

    /** One standalone server. */
    public static RedisServers standalone() {
        return new RedisServers(0);
    }

    /** A Cluster of {@code masters} masters without replicas. */
    public static RedisServers cluster(int masters) {
        if (masters < 3) {
            throw new IllegalArgumentException("a cluster needs at least 3 masters: " + masters);
        }
        return new RedisServers(masters);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the servers (also usable outside JUnit, then {@link #close()}). */
    public RedisServers start() {
        try {
            dir = Files.createTempDirectory("bandstand-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (masters == 0) {
            servers.add(RedisServer.start(dir));
            return this;
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int i = 0; i < masters; i++) {
            int port = RedisServer.freePort(true);
            servers.add(RedisServer.start(dir, port, "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes-" + port + ".conf",
                    "--cluster-node-timeout", "5000"));
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        RedisServer.run(create);
        awaitClusterOk();
        return this;
    }

    private void awaitClusterOk() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean ok = servers.stream()
                    .allMatch(s -> s.cli("cluster", "info").contains("cluster_state:ok"));
            if (ok) {
                return;
            }
            RedisServer.sleep(100);
        }
        throw new IllegalStateException("cluster did not reach cluster_state:ok");
    }

    /** The first (or only) server. */
    public RedisServer server() {
        return servers.get(0);
    }

    /** Every server started. */
    public List<RedisServer> servers() {
        return List.copyOf(servers);
    }

    /**
     * The URI a store connects with: {@code redis://host:port} for a standalone server,
     * {@code redis-cluster://host:port,...} for a cluster.
     */
    public String uri() {
        if (masters == 0) {
            return server().uri();
        }
        StringBuilder b = new StringBuilder("redis-cluster://");
        for (int i = 0; i < servers.size(); i++) {
            b.append(i == 0 ? "" : ",").append("127.0.0.1:").append(servers.get(i).port());
        }
        return b.toString();
    }

    /** A store on these servers under a prefix of its own: {@code stem} and a number. */
    RedisStatsStore connect(String stem) {
        return connectShared(stem + prefixes.incrementAndGet());
    }

    /** A store under exactly {@code prefix}, sharing its keys with others so connected. */
    synchronized RedisStatsStore connectShared(String prefix) {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return Decisions.await(RedisStatsStore.connect(vertx,
                RedisStoreBehaviourIT.settings(uri(), prefix)));
    }

    /** Empties every server (FLUSHALL), for tests that need a clean slate. */
    public void flushAll() {
        for (RedisServer s : servers) {
            s.cli("flushall");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (vertx != null) {
                Decisions.await(vertx.close());
                vertx = null;
            }
        }
        for (RedisServer s : servers) {
            s.stop();
        }
        servers.clear();
        if (dir != null) {
            deleteTree(dir);
            dir = null;
        }
    }

    /** Deletes a temporary directory and everything in it. */
    public static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
