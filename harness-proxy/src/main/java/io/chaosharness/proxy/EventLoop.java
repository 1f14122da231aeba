package io.chaosharness.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread of the data plane. It owns the selection keys of the connections given to it: it dials their
 * upstream, reads every source and, while a direction has no active toxic, writes it to its destination itself. An
 * idle connection therefore costs no thread and no buffer; the one read buffer is the loop's.
 *
 * <pre>
 *   other threads --execute(task)--> tasks --+
 *                                            v
 *   select() --> ready keys --> Connection.ready(key) --> Link.readable()/writable()
 *           \--> dials past their deadline fail
 * </pre>
 *
 * Interest sets are changed only on this thread ({@link #execute} from elsewhere), so they never race.
 */
final class EventLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Connection> dialing = new ArrayDeque<>(); // loop thread; deadlines in FIFO order
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(Link.BUFFER_BYTES);
    private final java.util.concurrent.atomic.AtomicInteger load = new java.util.concurrent.atomic.AtomicInteger();
    /** Sockets whose keys were cancelled in this round, closed once a select has deregistered them. Loop thread. */
    private java.util.ArrayList<java.nio.channels.SocketChannel> closing = new java.util.ArrayList<>();
    private java.util.ArrayList<java.nio.channels.SocketChannel> closingSpare = new java.util.ArrayList<>();
    private volatile boolean running = true;

    EventLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("toxiproxy: cannot open a selector: " + e.getMessage(), e);
        }
        thread = Link.newThread(this, name);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** The loop's read buffer: only the loop thread may use it, and only within one callback. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Connections this loop carries now. */
    int load() {
        return load.get();
    }

    void carried(int delta) {
        load.addAndGet(delta);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, after the current callback; from the loop itself, without a wakeup. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Watches a dial: if it has not connected by its deadline, it fails. Loop thread. */
    void dialing(Connection connection) {
        dialing.add(connection);
    }

    @Override
    public void run() {
        while (running) {
            try {
                long timeout = 0;
                Connection first = dialing.peek();
                if (first != null) {
                    timeout = Math.max(1, (first.dialDeadlineNanos() - System.nanoTime()) / 1_000_000);
                }
                if (tasks.isEmpty() && closing.isEmpty()) {
                    selector.select(this::ready, timeout);
                } else {
                    selector.selectNow(this::ready);
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                expireDials();
                closeDeregistered();
            } catch (IOException | RuntimeException e) {
                LOG.warn("toxiproxy: event loop {}: {}", thread.getName(), e.toString(), e);
            }
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c) {
                c.close();
            }
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run(); // the closes just queued
        }
        try {
            selector.close();
        } catch (IOException e) {
            // best effort
        }
    }

    private void ready(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof Connection c) {
            c.ready(key);
        } else if (attachment instanceof Listener l && key.isValid()) {
            l.acceptReady(this);
        }
    }

    /**
     * Closes {@code socket}, whose keys on this loop the caller has just cancelled, at the end of this round, once a
     * select has deregistered it. Loop thread. The JDK closes a socket still registered with a selector only at the
     * next select, and to send the FIN at once it first reads SO_LINGER and shuts the socket down for writing (two
     * more system calls per socket); closed once deregistered it costs one {@code close}, and the FIN or (with
     * SO_LINGER 0) the RST still leaves within this round. Off the loop, or once it stops: closed at once.
     */
    void closeLater(java.nio.channels.SocketChannel socket) {
        if (inLoop() && running) {
            closing.add(socket);
        } else {
            closeNow(socket);
        }
    }

    /** Deregisters the cancelled keys of the sockets queued by {@link #closeLater}, then closes them. Loop thread. */
    private void closeDeregistered() {
        // a ready callback run by the select below may close more connections: they go round again (bounded: each
        // round deregisters every key cancelled before it)
        for (int round = 0; round < 8 && !closing.isEmpty(); round++) {
            java.util.ArrayList<java.nio.channels.SocketChannel> now = closing;
            closing = closingSpare;
            closingSpare = now;
            flushCancelled();
            for (java.nio.channels.SocketChannel s : now) {
                closeNow(s);
            }
            now.clear();
        }
    }

    private static void closeNow(java.nio.channels.SocketChannel s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    /** Deregisters the keys cancelled so far (their sockets really close now). Loop thread. */
    void flushCancelled() {
        try {
            selector.selectNow(this::ready);
        } catch (IOException e) {
            LOG.warn("toxiproxy: event loop {}: {}", thread.getName(), e.toString());
        }
    }

    private void expireDials() {
        long now = System.nanoTime();
        while (!dialing.isEmpty()) {
            Connection c = dialing.peek();
            if (c.isClosed() || c.isDialed()) {
                dialing.poll();
            } else if (now - c.dialDeadlineNanos() >= 0) {
                dialing.poll();
                c.dialFailed("i/o timeout");
            } else {
                return;
            }
        }
    }

    /** Stops the loop and closes what it still holds; waits (bounded) for the thread. */
    void shutdown() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning() {
        return running && thread.isAlive();
    }
}
