package io.chaosharness.proxy.toxic;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a toxic sees of the one link (one connection, one direction) it is acting on. A toxic stage in a chain:
 *
 * <pre>
 *   client socket --read--> [chunk] --> stage 1 --emit--> stage 2 --emit--> ... --emit--> server socket
 * </pre>
 *
 * Every method is called on the link's processing thread, except where noted.
 */
public interface ToxicContext {

    /** Passes a chunk to the next stage (or writes it to the destination socket when this stage is the last). */
    void emit(Chunk chunk) throws InterruptedException;

    /**
     * Waits up to {@code nanos}. Returns {@code true} when the full time passed, {@code false} as soon as the chain
     * of this direction changed (a toxic was added, updated or removed) or the connection closed: the toxic must then
     * emit what it holds at once and return, so a change never waits for traffic.
     */
    boolean pause(long nanos) throws InterruptedException;

    /** Waits {@code nanos} whatever happens to the chain; only the connection closing ends it early. */
    void hold(long nanos) throws InterruptedException;

    /** Ends the whole connection with an ordinary close (FIN), after the bytes already emitted. Any thread. */
    void close();

    /** Ends the whole connection with a TCP RST ({@code SO_LINGER} 0 on both sockets). Any thread. */
    void reset();

    /** This link's generator, derived from the server seed, the proxy, the connection number and the direction. */
    RandomGenerator random();

    /**
     * State of this toxic on this link, created on first use and kept while the toxic exists, across updates of
     * its attributes (e.g. the byte count of {@code limit_data}).
     */
    <T> T state(Supplier<T> initial);

    /** Runs {@code action} after {@code delayMillis} on a timer thread; the returned handle cancels it. Any thread. */
    Cancellable schedule(long delayMillis, Runnable action);

    /** A scheduled action that can be cancelled. */
    interface Cancellable {
        void cancel();
    }
}
