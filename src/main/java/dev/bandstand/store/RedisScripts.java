package dev.bandstand.store;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts of the Redis store, each sent by EVALSHA and, when the server does not know
 * it yet (after a restart or on a new Cluster node), by EVAL, which also caches it there.
 * Immutable and thread-safe.
 */
final class RedisScripts {

    /** One script: its full source (library prepended) and SHA-1 digest. */
    record Script(String name, String source, String sha) {
    }

    final Script record;
    final Script reward;
    final Script sweep;
    final Script forget;
    final Script backlog;

    RedisScripts() {
        String lib = resource("lib.lua");
        this.record = script("record", lib);
        this.reward = script("reward", lib);
        this.sweep = script("sweep", lib);
        this.forget = script("forget", lib);
        this.backlog = script("backlog", "");
    }

    /** Runs {@code script}; the reply is a list of Long, byte[] and nested lists. */
    CompletionStage<List<Object>> run(RedisClusterAsyncCommands<String, byte[]> commands,
            Script script, String[] keys, byte[]... args) {
        CompletionStage<List<Object>> first =
                commands.evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
        return first.exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
                ? commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args)
                : CompletableFuture.failedStage(e));
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** The script {@code redis/<name>.lua} with the library prepended. */
    static Script load(String name) {
        return script(name, resource("lib.lua"));
    }

    private static Script script(String name, String lib) {
        String source = lib + resource(name + ".lua");
        return new Script(name, source, sha1(source));
    }

    private static String resource(String file) {
        try (InputStream in = RedisScripts.class.getResourceAsStream("redis/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource redis/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String source) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(md.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
        }
    }
}
