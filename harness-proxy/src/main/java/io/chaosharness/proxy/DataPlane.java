package io.chaosharness.proxy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that move the bytes of every proxy of one server: a few {@link EventLoop}s (one per core, at most four)
 * that carry every connection and every direction without an active toxic, and a pool of toxic threads that run a
 * direction's toxic chain while it has chunks queued. A toxic may sleep or hold its chunk (latency, bandwidth,
 * slow_close), so the chain keeps its blocking semantics on a thread of its own; that thread goes back to the pool as
 * soon as the direction's queue is empty. Idle connections and the no-toxic path cost no thread.
 */
final class DataPlane {

    /** How long a pooled toxic thread waits idle for the next chain before it ends. */
    static final java.time.Duration TOXIC_THREAD_KEEP_ALIVE = java.time.Duration.ofSeconds(30);

    private final EventLoop[] loops;
    private final ExecutorService toxicThreads;
    private final AtomicInteger next = new AtomicInteger();

    DataPlane() {
        int n = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new EventLoop("toxiproxy-loop-" + (i + 1));
        }
        AtomicInteger threads = new AtomicInteger();
        toxicThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, TOXIC_THREAD_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                r -> Link.newThread(r, "toxiproxy-toxics-" + threads.incrementAndGet()));
    }

    /** The loop for a new listener, in turn: it accepts that listener's connections. */
    EventLoop nextListenerLoop() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * How many connections fewer another loop must carry before an accepting loop hands a new connection to it. A
     * connection kept on the accepting loop costs no hand-off (a wakeup of another thread), and the connections of
     * one loop share its wakeups: with pgbench -c 8 on 2 cores, keeping all eight on one loop took about 20 % less
     * proxy CPU per transaction than spreading them (threshold 2) and 15 % less with a new connection per
     * transaction. A large pool still spreads over the cores.
     */
    static final int SPREAD_THRESHOLD = 32;

    /**
     * The loop that carries a connection {@code accepting} just accepted: itself unless another loop carries at least
     * {@link #SPREAD_THRESHOLD} connections fewer, so that the many long-lived connections of one busy proxy spread
     * over the cores.
     */
    EventLoop loopFor(EventLoop accepting) {
        EventLoop best = accepting;
        int bestLoad = accepting.load() - SPREAD_THRESHOLD + 1;
        for (EventLoop loop : loops) {
            int load = loop.load();
            if (load < bestLoad) {
                best = loop;
                bestLoad = load;
            }
        }
        return best;
    }

    ExecutorService toxicThreads() {
        return toxicThreads;
    }

    /** Stops the loops (closing what they still hold) and the toxic threads. */
    void close() {
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
        toxicThreads.shutdownNow();
    }
}
