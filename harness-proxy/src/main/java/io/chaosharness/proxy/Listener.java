package io.chaosharness.proxy;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The listening socket of one started proxy, registered with one event loop (proxies take the loops in turn), which
 * accepts every client and, unless another loop carries clearly fewer connections, carries it itself: a new
 * connection then costs no hand-off between threads. One loop per listener rather than all of them: a socket
 * registered with every selector wakes every loop for each client (epoll without EPOLLEXCLUSIVE), which on a busy
 * 2-core machine cost more than it spread.
 */
final class Listener {

    private static final int ACCEPTS_PER_WAKEUP = 64; // then let the loop serve its other sockets

    private final ServerSocketChannel socket;
    private final DataPlane plane;
    private final EventLoop[] loops;
    private final SelectionKey[] keys; // keys[i] is written and read on loops[i] only
    private final BiConsumer<SocketChannel, EventLoop> accepted;

    Listener(ServerSocketChannel socket, DataPlane plane, BiConsumer<SocketChannel, EventLoop> accepted)
            throws IOException {
        this.socket = socket;
        this.plane = plane;
        this.loops = new EventLoop[] {plane.nextListenerLoop()};
        this.keys = new SelectionKey[loops.length];
        this.accepted = accepted;
        socket.configureBlocking(false);
        for (int i = 0; i < loops.length; i++) {
            int loop = i;
            loops[i].execute(() -> register(loop));
        }
    }

    private void register(int loop) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            keys[loop] = socket.register(loops[loop].selector(), SelectionKey.OP_ACCEPT, this);
        } catch (IOException e) {
            // closed meanwhile: nothing to accept
        }
    }

    /** The socket has clients waiting. Loop thread. */
    void acceptReady(EventLoop loop) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed, or out of descriptors: the client stays in the backlog
            }
            if (client == null) {
                return;
            }
            EventLoop carrier = plane.loopFor(loop);
            if (carrier == loop) {
                accepted.accept(client, loop);
            } else {
                carrier.carried(1); // counted now, so that a burst of accepts spreads (dial's register counts it again)
                carrier.execute(() -> {
                    carrier.carried(-1);
                    accepted.accept(client, carrier);
                });
            }
        }
    }

    /**
     * Deregisters the socket from every loop, then closes it. Waits (bounded) for the loops: the JDK closes a
     * registered socket's descriptor only once no selector holds it, and re-enabling binds the same address at once.
     */
    void close() {
        CountDownLatch released = new CountDownLatch(loops.length);
        for (int i = 0; i < loops.length; i++) {
            int loop = i;
            Runnable release = () -> {
                try {
                    if (keys[loop] != null) {
                        keys[loop].cancel();
                        loops[loop].flushCancelled();
                    }
                } finally {
                    released.countDown();
                }
            };
            if (loops[i].inLoop() || !loops[i].isRunning()) {
                release.run();
            } else {
                loops[i].execute(release);
            }
        }
        try {
            released.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // best effort
        }
    }
}
