package dev.bandstand.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One plain TCP connection to a server on loopback, for requests no HTTP client would send:
 * malformed framing, a body that stops half way, a connection left idle.
 */
final class RawHttp implements AutoCloseable {

    /** How long {@link #readUntilClosed} waits for the server to close before failing. */
    static final int PATIENCE_MILLIS = 30_000;

    private final Socket socket;

    RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(PATIENCE_MILLIS);
    }

    /** Sends {@code text} as ISO-8859-1 bytes, as HTTP/1.1 heads are. */
    RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /**
     * Everything the server sends until it closes the connection.
     *
     * @throws AssertionError if the connection is still open after {@link #PATIENCE_MILLIS}
     */
    String readUntilClosed() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for "
                    + PATIENCE_MILLIS + " ms; received so far: "
                    + received.toString(StandardCharsets.UTF_8), e);
        } catch (SocketException e) {
            // a server that closes with bytes of ours unread resets the connection: closed too
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
