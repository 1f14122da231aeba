package io.chaosharness.proxy;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One accepted client and its upstream socket, with a link per direction, carried by one {@link EventLoop}. The
 * upstream is dialed without blocking; until it connected nothing is read from the client. When both directions
 * reached end of stream, or anything fails, or a toxic ends it, both sockets close. A reset sets {@code SO_LINGER} 0
 * first, so the close sends RST instead of FIN.
 */
final class Connection {

    private static final long DIAL_TIMEOUT_NANOS = 30_000_000_000L;

    private final ManagedProxy proxy;
    private final EventLoop loop;
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final String target;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger openDirections = new AtomicInteger(2);
    private final long dialDeadline = System.nanoTime() + DIAL_TIMEOUT_NANOS;
    private volatile boolean reset;
    private volatile boolean dialed;
    private boolean carried;          // loop thread: counted in the loop's load
    private SelectionKey clientKey;   // loop thread
    private SelectionKey upstreamKey; // loop thread
    private Link up;
    private Link down;

    Connection(ManagedProxy proxy, EventLoop loop, SocketChannel client, SocketChannel upstream, String target) {
        this.proxy = proxy;
        this.loop = loop;
        this.client = client;
        this.upstream = upstream;
        this.target = target;
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

    EventLoop loop() {
        return loop;
    }

    boolean isClosed() {
        return closed.get();
    }

    boolean isDialed() {
        return dialed;
    }

    long dialDeadlineNanos() {
        return dialDeadline;
    }

    /** Registers both sockets with the loop; {@code connected} when the dial already completed. Loop thread. */
    void register(boolean connected) {
        if (closed.get()) {
            closeChannels();
            return;
        }
        try {
            loop.carried(1);
            carried = true;
            clientKey = client.register(loop.selector(), 0, this);
            upstreamKey = upstream.register(loop.selector(), connected ? 0 : SelectionKey.OP_CONNECT, this);
        } catch (IOException e) {
            close();
            return;
        }
        if (!connected) {
            try {
                // on loopback the handshake is usually done by now: spares a select round for OP_CONNECT
                connected = upstream.finishConnect();
            } catch (IOException e) {
                dialFailed(ManagedProxy.describe(e));
                return;
            }
        }
        if (connected) {
            try {
                dialed();
            } catch (IOException | CancelledKeyException e) {
                close();
            }
        } else {
            loop.dialing(this);
        }
    }

    /** A key of this connection is ready. Loop thread. */
    void ready(SelectionKey key) {
        try {
            if (!key.isValid() || closed.get()) {
                return;
            }
            int ops = key.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                try {
                    upstream.finishConnect();
                } catch (IOException e) {
                    dialFailed(ManagedProxy.describe(e));
                    return;
                }
                dialed();
                return;
            }
            boolean isClient = key == clientKey;
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                (isClient ? down : up).writable();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && key.isValid() && !closed.get()) {
                (isClient ? up : down).readable();
            }
        } catch (IOException | CancelledKeyException e) {
            close();
        }
    }

    private void dialed() throws IOException {
        dialed = true;
        proxy.opened(this);
        updateInterest();
        // A client that speaks first (PostgreSQL's startup packet, an HTTP request) has usually sent its first bytes
        // by now: relay them at once rather than after another select round. Nothing there costs one read.
        if (!closed.get() && up.wantsRead()) {
            up.readable();
        }
    }

    /** The upstream could not be reached: the client, already accepted, sees its connection closed (as Toxiproxy). */
    void dialFailed(String reason) {
        proxy.dialFailed(target, reason);
        close();
    }

    /** Recomputes both keys' interest from the links' state. Loop thread; {@code loop().execute} from elsewhere. */
    void updateInterest() {
        if (closed.get() || !dialed || clientKey == null) {
            return;
        }
        try {
            clientKey.interestOps((up.wantsRead() ? SelectionKey.OP_READ : 0)
                    | (down.wantsWrite() ? SelectionKey.OP_WRITE : 0));
            upstreamKey.interestOps((down.wantsRead() ? SelectionKey.OP_READ : 0)
                    | (up.wantsWrite() ? SelectionKey.OP_WRITE : 0));
        } catch (CancelledKeyException e) {
            close();
        }
    }

    /** Asks the loop to recompute the interest sets; any thread. */
    void interestChanged() {
        if (loop.inLoop()) {
            updateInterest();
        } else {
            loop.execute(this::updateInterest);
        }
    }

    /** A direction reached end of stream and flushed: half-close its destination, close all after both. */
    void directionDone(Link link) {
        SocketChannel destination = link == up ? upstream : client;
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
        reset = true;
        close();
    }

    /**
     * Closes both sockets (FIN unless reset) and stops both links. Idempotent, any thread, never blocks: the sockets
     * are closed on the loop thread, which owns their keys.
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        proxy.forget(this);
        if (up != null) {
            up.closed();
        }
        if (down != null) {
            down.closed();
        }
        if (loop.isRunning() && !loop.inLoop()) {
            loop.execute(this::closeChannels);
        } else {
            closeChannels();
        }
    }

    private void closeChannels() {
        if (carried) {
            carried = false;
            loop.carried(-1);
        }
        if (reset) {
            linger(client);
            linger(upstream);
        }
        if (clientKey != null) {
            clientKey.cancel();
        }
        if (upstreamKey != null) {
            upstreamKey.cancel();
        }
        loop.closeLater(client);
        loop.closeLater(upstream);
    }

    private static void linger(SocketChannel s) {
        try {
            s.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // already closed: nothing to reset
        }
    }
}
