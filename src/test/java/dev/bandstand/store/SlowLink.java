package dev.bandstand.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 in front of one redis-server a test started: what a client sends
 * passes at most {@code bytesPerSecond}, the answers at once. A store behind it writes a long
 * backlog slowly, so that a test can act while the backlog is on its way. When the server
 * goes away the relay closes the client's connection, as the server would; a client that
 * connects while the server is down is disconnected at once. {@link #cut()} parts the client
 * from the server alone, as a network partition would, until {@link #mend()}. Daemon threads
 * of its own, stopped by {@link #close()}.
 */
public final class SlowLink implements AutoCloseable {

    private static final int CHUNK = 256;

    private final ServerSocket listener;
    private final int targetPort;
    private final int bytesPerSecond;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private SlowLink(ServerSocket listener, int targetPort, int bytesPerSecond) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** A relay on a free loopback port to {@code target}; {@code bytesPerSecond} 0: no bound. */
    public static SlowLink start(RedisServer target, int bytesPerSecond) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            SlowLink link = new SlowLink(listener, target.port(), bytesPerSecond);
            daemon(link::accept, "slow-link-accept");
            return link;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    /** {@code redis://127.0.0.1:port} of the relay. */
    public String uri() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** Closes every connection, and each new one at once, until {@link #mend()}. */
    public void cut() {
        cut = true;
        open.forEach(SlowLink::quietly);
    }

    /** Lets connections through again after {@link #cut()}. */
    public void mend() {
        cut = false;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(SlowLink::quietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                quietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        targetPort), 1000);
            } catch (IOException e) {
                quietly(client);
                quietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            daemon(() -> pump(client, server, bytesPerSecond), "slow-link-up");
            daemon(() -> pump(server, client, 0), "slow-link-down");
        }
    }

    /** Copies until either side closes, then closes both; {@code rate} 0 for no bound. */
    private void pump(Socket from, Socket to, int rate) {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                if (rate > 0) {
                    TimeUnit.NANOSECONDS.sleep(n * 1_000_000_000L / rate);
                }
            }
        } catch (IOException e) {
            // one side went away: both close below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quietly(from);
            quietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
