package dev.bandstand.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One redis-server process that a test started on 127.0.0.1, in its own temporary directory,
 * without persistence. Stopped by its own process id only.
 */
public final class RedisServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private final Path sentinelConfig;
    private Process process;

    private RedisServer(Path dir, int port, List<String> extraArgs, Path sentinelConfig) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.sentinelConfig = sentinelConfig;
    }

    /** Starts redis-server (found on PATH) on a free loopback port. */
    public static RedisServer start(Path dir, String... extraArgs) {
        return start(dir, freePort(false), extraArgs);
    }

    static RedisServer start(Path dir, int port, String... extraArgs) {
        RedisServer server = new RedisServer(dir, port, List.of(extraArgs), null);
        server.launch();
        return server;
    }

    /** Starts a Sentinel on a free loopback port that monitors {@code master} as "main". */
    public static RedisServer startSentinel(Path dir, RedisServer master) {
        int port = freePort(false);
        Path config = dir.resolve("sentinel-" + port + ".conf");
        try {
            java.nio.file.Files.writeString(config, String.join("\n",
                    "port " + port, "bind 127.0.0.1", "dir " + dir,
                    "sentinel monitor main 127.0.0.1 " + master.port() + " 1", ""));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + config, e);
        }
        RedisServer sentinel = new RedisServer(dir, port, List.of(), config);
        sentinel.launch();
        return sentinel;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Process id of the running server. */
    public long pid() {
        return process.pid();
    }

    /** Stops the server (SIGTERM to its pid, then SIGKILL after 5 s); nothing is persisted. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        resume();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Starts a stopped server again on the same port, empty. */
    public void restart() {
        stop();
        launch();
    }

    /** Freezes the process with SIGSTOP: connections stay open, nothing is answered. */
    public void pause() {
        signal("-STOP");
    }

    /** Lets a paused process run again with SIGCONT. */
    public void resume() {
        if (process != null && process.isAlive()) {
            signal("-CONT");
        }
    }

    /** Runs redis-cli against this server and returns its trimmed output. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1",
                "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        List<String> command = sentinelConfig != null
                ? new ArrayList<>(List.of("redis-server", sentinelConfig.toString(), "--sentinel",
                        "--logfile", "redis-" + port + ".log"))
                : new ArrayList<>(List.of("redis-server",
                        "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                        "--daemonize", "no", "--logfile", "redis-" + port + ".log"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".out").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server must be on PATH", e);
        }
        awaitPong();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited; see "
                        + dir.resolve("redis-" + port + ".log"));
            }
            if (ping()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer");
    }

    private boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 5);
            return n == 5 && new String(buf, 0, 5, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String signal) {
        run(List.of("kill", signal, Long.toString(process.pid())));
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + out);
            }
            return out.trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** A free loopback port; with {@code clusterBus} also port + 10000 is free. */
    static int freePort(boolean clusterBus) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port", e);
            }
            if (!clusterBus) {
                return port;
            }
            if (port + 10000 < 65536 && bindable(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
