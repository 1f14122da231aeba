package io.chaosharness.proxy;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One accepted client and its upstream socket, with a link per direction. When both directions reached end of
 * stream, or anything fails, or a toxic ends it, both sockets close. A reset sets {@code SO_LINGER} 0 first, so the
 * close sends RST instead of FIN.
 */
final class Connection {

    private final ManagedProxy proxy;
    private final Socket client;
    private final Socket upstream;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger openDirections = new AtomicInteger(2);
    private Link up;
    private Link down;

    Connection(ManagedProxy proxy, Socket client, Socket upstream) {
        this.proxy = proxy;
        this.client = client;
        this.upstream = upstream;
    }

    void links(Link up, Link down) {
        this.up = up;
        this.down = down;
    }

    Link up() {
        return up;
    }

    Link down() {
        return down;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** A direction reached end of stream and flushed: half-close its destination, close all after both. */
    void directionDone(Link link) {
        Socket destination = link == up ? upstream : client;
        try {
            destination.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        if (openDirections.decrementAndGet() == 0) {
            close();
        }
    }

    /** Ends the connection with RST on both sockets. */
    void reset() {
        try {
            client.setSoLinger(true, 0);
            upstream.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing to reset
        }
        close();
    }

    /** Closes both sockets (FIN unless reset) and stops both links. Idempotent, any thread, never blocks. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(upstream);
        proxy.forget(this);
        if (up != null) {
            up.closed();
        }
        if (down != null) {
            down.closed();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
