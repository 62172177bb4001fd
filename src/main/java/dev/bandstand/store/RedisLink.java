package dev.bandstand.store;

import dev.bandstand.config.StoreSettings;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.DisconnectedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce client and connection, to a single Redis (possibly found through Sentinel) or
 * to a Cluster, behind the command interface both share. Keys are UTF-8 strings, values raw
 * bytes.
 *
 * <p>URIs: {@code redis://}, {@code rediss://} (TLS), {@code redis-sentinel://} and
 * {@code rediss-sentinel://} as Lettuce reads them; {@code redis-cluster://host:port[,host:port]}
 * and {@code rediss-cluster://...} for a Cluster given by one or more seed nodes (user and
 * password, if any, on the first seed apply to all).
 *
 * <p>While a single Redis is disconnected, commands fail at once instead of queueing inside
 * Lettuce, so that the store's own bounded buffer is where operations wait. A Cluster opens
 * node connections on first use, so there commands queue (bounded) until their timeout.
 */
final class RedisLink {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int CLUSTER_QUEUE = 100_000;

    static final RedisCodec<String, byte[]> CODEC =
            RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final boolean cluster;

    private RedisLink(ClientResources resources, AbstractRedisClient client,
            StatefulConnection<String, byte[]> connection,
            RedisClusterAsyncCommands<String, byte[]> commands, boolean cluster) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.cluster = cluster;
    }

    /**
     * Connects; the stage fails when the first connection cannot be made (within the connect
     * timeout: the command timeout, at least 10 s), with a {@link StoreUnavailableException}
     * naming the URI without its password and the reason, such as a refused connection.
     */
    static CompletionStage<RedisLink> open(String uri, Duration commandTimeout) {
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        // The handshake on connect may take longer than one command (TLS, a busy machine).
        Duration connectTimeout = commandTimeout.compareTo(CONNECT_TIMEOUT) < 0
                ? CONNECT_TIMEOUT : commandTimeout;
        SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);

        CompletionStage<RedisLink> link;
        String scheme = uri.substring(0, Math.max(uri.indexOf("://"), 0));
        if (scheme.equals("redis-cluster") || scheme.equals("rediss-cluster")) {
            List<RedisURI> seeds = seeds(uri);
            seeds.forEach(seed -> seed.setTimeout(connectTimeout));
            RedisClusterClient client = RedisClusterClient.create(resources, seeds);
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    // Node connections open on first use, so commands must wait for them;
                    // they still fail after the command timeout.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .requestQueueSize(CLUSTER_QUEUE)
                    .timeoutOptions(timeouts)
                    .socketOptions(socket)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build())
                    .build());
            // An asynchronous cluster connect needs the topology loaded first.
            CompletableFuture<StatefulRedisClusterConnection<String, byte[]>> connected =
                    client.refreshPartitionsAsync().toCompletableFuture()
                            .thenCompose(v -> client.connectAsync(CODEC));
            link = connected.thenApply(c -> new RedisLink(resources, client, c, c.async(), true));
            return closeOnFailure(uri, link, client, resources);
        }

        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(connectTimeout);
        RedisClient client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(timeouts)
                .socketOptions(socket)
                .build());
        CompletableFuture<StatefulRedisConnection<String, byte[]>> connected =
                client.connectAsync(CODEC, redisUri).toCompletableFuture();
        link = connected.thenApply(c -> new RedisLink(resources, client, c, c.async(), false));
        return closeOnFailure(uri, link, client, resources);
    }

    /**
     * Runs {@code lost} on Lettuce's threads whenever the connection to a standalone or Sentinel
     * Redis drops, even with no command on its way: a Redis restarted between two commands
     * would otherwise go unnoticed. Not for Cluster, whose node connections also close when the
     * topology changes.
     */
    void onDisconnected(Runnable lost) {
        if (!cluster) {
            resources.eventBus().get().filter(e -> e instanceof DisconnectedEvent)
                    .subscribe(e -> lost.run());
        }
    }

    private static CompletionStage<RedisLink> closeOnFailure(String uri,
            CompletionStage<RedisLink> link, AbstractRedisClient client,
            ClientResources resources) {
        // Shutting a client down from one of its own event loop threads would wait on itself.
        return link.exceptionallyComposeAsync(e -> client.shutdownAsync()
                .thenCompose(v -> shutdown(resources))
                .handle((v, ignored) -> (RedisLink) null)
                .thenCompose(v -> CompletableFuture.<RedisLink>failedStage(
                        unreachable(uri, e))));
    }

    /**
     * The failure to connect, naming the URI without its password; its cause is Lettuce's
     * own cause (a refused connection, a timeout, WRONGPASS), without the wrappers that only
     * repeat the host, such as "Unable to connect to 127.0.0.1/&lt;unresolved&gt;:6379".
     */
    static StoreUnavailableException unreachable(String uri, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException
                || cause instanceof RedisConnectionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new StoreUnavailableException("cannot connect to Redis at " + redact(uri),
                cause);
    }

    private static CompletionStage<Void> shutdown(ClientResources resources) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        resources.shutdown(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
        return done;
    }

    /** Seed nodes of a cluster URI; user info on the first seed is copied to the others. */
    static List<RedisURI> seeds(String uri) {
        int schemeEnd = uri.indexOf("://");
        String tlsScheme = uri.startsWith("rediss-") ? "rediss://" : "redis://";
        String rest = uri.substring(schemeEnd + 3);
        String[] parts = rest.split(",");
        int at = parts[0].lastIndexOf('@');
        String userInfo = at >= 0 ? parts[0].substring(0, at + 1) : "";
        List<RedisURI> seeds = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String host = i == 0 ? parts[0] : userInfo + parts[i].trim();
            if (host.isEmpty() || host.equals(userInfo)) {
                throw new IllegalArgumentException("redisUri has an empty cluster seed: " + uri);
            }
            seeds.add(RedisURI.create(tlsScheme + host));
        }
        return seeds;
    }

    /** Asynchronous commands; futures complete on Lettuce's threads. */
    RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    /** True for a Redis Cluster. */
    boolean cluster() {
        return cluster;
    }

    /** Closes the connection, the client and its threads. */
    CompletionStage<Void> close() {
        return connection.closeAsync()
                .thenComposeAsync(v -> client.shutdownAsync())
                .thenCompose(v -> shutdown(resources));
    }

    /** The URI without user name or password, for logs. */
    static String redact(String uri) {
        return StoreSettings.redacted(uri);
    }
}
