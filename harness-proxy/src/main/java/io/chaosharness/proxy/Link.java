package io.chaosharness.proxy;

import io.chaosharness.proxy.toxic.Chunk;
import io.chaosharness.proxy.toxic.ToxicContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One direction of one proxied connection. The connection's {@link EventLoop} reads the source. With no active
 * toxic it writes the bytes straight to the destination (what the socket does not take at once waits in a backlog,
 * and reading pauses until it drained: no thread, no buffer of its own). Otherwise each read becomes a chunk, queued
 * for a pooled toxic thread that runs it along the chain of toxic stages and writes it:
 *
 * <pre>
 *   source --read (loop)--> (no active toxic, nothing queued) ---------------------> write (loop) --> destination
 *                      \--queue (1024 chunks)--> toxic thread: stage 1 -> stage 2 -> ... -> write --> destination
 * </pre>
 *
 * The chain is an immutable snapshot swapped atomically by the API; a swap wakes any stage that is waiting, which
 * then lets its chunk go at once, so a toxic change never waits for traffic. Only one side writes the destination at
 * a time (the loop while nothing is queued, else the toxic thread), which keeps bytes in order. A full queue pauses
 * reading, so a slow toxic pushes back on the sender as a blocking socket would.
 */
final class Link {

    static final int BUFFER_BYTES = 32 * 1024;
    private static final int QUEUE_CHUNKS = 1024;
    private static final Chunk EOF = new Chunk(new byte[0], 0, 0, 0);
    private static final Chain EMPTY = new Chain(new Stage[0]);

    private final Connection connection;
    private final ToxicEntry.Direction direction;
    private final SocketChannel source;
    private final SocketChannel destination;
    private final ProxyMetrics.LinkCounter counter;
    private final RandomGenerator toxicRandom;
    private final RandomGenerator toxicityRandom;
    private final ScheduledExecutorService timer;
    private final Executor toxicThreads;
    private final ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Map<String, Object> states = new ConcurrentHashMap<>();
    private final ReentrantLock signal = new ReentrantLock();
    private final Condition changed = signal.newCondition();
    private final Condition writable = signal.newCondition();
    private volatile Chain chain = EMPTY;
    private volatile boolean closed;
    private volatile boolean writeWaiting; // the toxic thread waits for the destination to take more
    private ByteBuffer backlog;            // loop thread: what the destination did not take on the no-toxic path
    private boolean sourceEnded;           // loop thread

    Link(Connection connection, ToxicEntry.Direction direction, SocketChannel source, SocketChannel destination,
         ProxyMetrics.LinkCounter counter, RandomGenerator toxicRandom, RandomGenerator toxicityRandom,
         ScheduledExecutorService timer, Executor toxicThreads) {
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.destination = destination;
        this.counter = counter;
        this.toxicRandom = toxicRandom;
        this.toxicityRandom = toxicityRandom;
        this.timer = timer;
        this.toxicThreads = toxicThreads;
    }

    ToxicEntry.Direction direction() {
        return direction;
    }

    Connection connection() {
        return connection;
    }

    /**
     * Installs the chain for {@code entries} (the direction's toxics in order). Toxicity is drawn for toxics that are
     * new on this link or whose entry changed; unchanged toxics keep their draw and their state. Called by the
     * toxic collection with its lock held; never blocks on traffic.
     */
    void install(List<ToxicEntry> entries) {
        Stage[] old = chain.stages;
        Map<String, Stage> before = new HashMap<>();
        for (Stage s : old) {
            before.put(s.entry.name(), s);
        }
        Chain next = new Chain(new Stage[entries.size()]);
        List<Stage> started = new ArrayList<>();
        List<Stage> stopped = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ToxicEntry entry = entries.get(i);
            Stage previous = before.remove(entry.name());
            boolean same = previous != null && previous.entry.equals(entry);
            boolean active = same ? previous.active : draw(entry.toxicity());
            Stage stage = new Stage(next, i, entry, active);
            next.stages[i] = stage;
            if (!same) {
                if (previous != null && previous.active) {
                    stopped.add(previous);
                }
                if (active) {
                    started.add(stage);
                }
            }
        }
        signal.lock();
        try {
            chain = next;
            changed.signalAll();
        } finally {
            signal.unlock();
        }
        for (Stage s : stopped) {
            s.entry.toxic().stop(s, false);
        }
        for (Stage removed : before.values()) {
            if (removed.active) {
                removed.entry.toxic().stop(removed, true);
            }
            states.remove(removed.entry.name());
        }
        for (Stage s : started) {
            if (!closed) {
                s.entry.toxic().start(s);
            }
        }
    }

    private boolean draw(float toxicity) {
        synchronized (toxicityRandom) {
            return toxicityRandom.nextFloat() < toxicity;
        }
    }

    /** Whether the loop should read the source now. Loop thread. */
    boolean wantsRead() {
        return !sourceEnded && backlog == null && queued.get() < QUEUE_CHUNKS;
    }

    /** Whether the loop should watch the destination for room. Loop thread. */
    boolean wantsWrite() {
        return backlog != null || writeWaiting;
    }

    /** The source is readable. Loop thread. */
    void readable() throws IOException {
        ByteBuffer buffer = connection.loop().readBuffer();
        buffer.clear();
        int n = source.read(buffer);
        if (n < 0) {
            sourceEnded = true;
            connection.updateInterest();
            if (pending.get() == 0 && chain.passThrough) {
                finishOutput();
            } else {
                enqueue(EOF);
            }
            return;
        }
        if (n == 0) {
            return;
        }
        counter.received(n);
        buffer.flip();
        if (pending.get() == 0 && chain.passThrough) {
            destination.write(buffer);
            counter.sent(n - buffer.remaining());
            if (buffer.hasRemaining()) {
                backlog = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
                connection.updateInterest();
            }
        } else {
            byte[] data = new byte[n];
            buffer.get(data);
            enqueue(new Chunk(data, 0, n, System.nanoTime()));
        }
    }

    /** The destination has room. Loop thread. */
    void writable() throws IOException {
        if (backlog != null) {
            counter.sent(destination.write(backlog));
            if (!backlog.hasRemaining()) {
                backlog = null;
                connection.updateInterest();
            }
        }
        if (writeWaiting) {
            signal.lock();
            try {
                writeWaiting = false;
                writable.signalAll();
            } finally {
                signal.unlock();
            }
            connection.updateInterest();
        }
    }

    private void enqueue(Chunk chunk) {
        pending.incrementAndGet();
        queue.add(chunk);
        if (queued.incrementAndGet() >= QUEUE_CHUNKS) {
            connection.updateInterest(); // full: stop reading until the toxic thread took one
        }
        if (draining.compareAndSet(false, true)) {
            try {
                toxicThreads.execute(this::drain);
            } catch (RejectedExecutionException e) {
                connection.close(); // the server is closing
            }
        }
    }

    /** Runs the queued chunks along the chain on a toxic thread, until the queue is empty. */
    private void drain() {
        try {
            while (true) {
                Chunk chunk = queue.poll();
                if (chunk == null) {
                    draining.set(false);
                    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                if (queued.getAndDecrement() == QUEUE_CHUNKS) {
                    connection.interestChanged(); // room again: reading resumes
                }
                if (closed) {
                    return;
                }
                try {
                    Chain current = chain;
                    if (chunk == EOF) {
                        for (Stage s : current.stages) {
                            if (s.active) {
                                s.entry.toxic().end(s);
                            }
                        }
                        finishOutput();
                        return;
                    }
                    run(current, 0, chunk);
                } finally {
                    pending.decrementAndGet();
                }
            }
        } catch (InterruptedException | LinkClosedException e) {
            connection.close();
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void run(Chain current, int from, Chunk chunk) throws InterruptedException {
        Stage[] stages = current.stages;
        int i = from;
        while (i < stages.length && !stages[i].active) {
            i++;
        }
        if (i == stages.length) {
            write(chunk);
        } else {
            stages[i].entry.toxic().pipe(chunk, stages[i]);
        }
    }

    private void write(Chunk chunk) throws InterruptedException {
        if (closed) {
            throw new LinkClosedException();
        }
        if (chunk.length() == 0) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(chunk.data(), chunk.offset(), chunk.length());
        try {
            while (bytes.hasRemaining()) {
                int n = destination.write(bytes);
                if (n > 0) {
                    counter.sent(n);
                } else {
                    awaitWritable();
                }
            }
        } catch (IOException e) {
            throw new LinkClosedException();
        }
    }

    /** The destination took nothing: wait, as a blocking write would, until the loop sees room (or the close). */
    private void awaitWritable() throws InterruptedException {
        writeWaiting = true;
        connection.interestChanged();
        signal.lock();
        try {
            while (writeWaiting && !closed) {
                writable.await();
            }
        } finally {
            signal.unlock();
        }
        if (closed) {
            throw new LinkClosedException();
        }
    }

    private void finishOutput() {
        connection.directionDone(this);
    }

    /** Called once by the connection when it closes: wakes every wait, stops the active toxics. */
    void closed() {
        signal.lock();
        try {
            closed = true;
            changed.signalAll();
            writable.signalAll();
        } finally {
            signal.unlock();
        }
        for (Stage s : chain.stages) {
            if (s.active) {
                s.entry.toxic().stop(s, false);
            }
        }
        queue.clear();
    }

    static Thread newThread(Runnable body, String name) {
        Thread t = new Thread(null, body, name, 256 * 1024);
        t.setDaemon(true);
        return t;
    }

    /** The connection closed under a toxic or a write failed: unwinds the processor. */
    private static final class LinkClosedException extends RuntimeException {
        LinkClosedException() {
            super(null, null, false, false);
        }
    }

    /** An immutable chain snapshot. */
    private static final class Chain {
        final Stage[] stages;
        boolean passThrough = true;

        Chain(Stage[] stages) {
            this.stages = stages;
        }
    }

    /** One toxic on this link: its context. */
    private final class Stage implements ToxicContext {
        final Chain owner;
        final int index;
        final ToxicEntry entry;
        final boolean active;

        Stage(Chain owner, int index, ToxicEntry entry, boolean active) {
            this.owner = owner;
            this.index = index;
            this.entry = entry;
            this.active = active;
            if (active) {
                owner.passThrough = false;
            }
        }

        @Override
        public void emit(Chunk chunk) throws InterruptedException {
            run(owner, index + 1, chunk);
        }

        @Override
        public boolean pause(long nanos) throws InterruptedException {
            return await(nanos, true);
        }

        @Override
        public void hold(long nanos) throws InterruptedException {
            await(nanos, false);
        }

        private boolean await(long nanos, boolean untilChange) throws InterruptedException {
            long deadline = System.nanoTime() + Math.max(0, nanos);
            // A Condition, not Object.wait: wait(ms, nanos) rounds up to the next millisecond, which would add up to
            // 1 ms to every delay (1 % on each 100 ms bandwidth slice).
            signal.lock();
            try {
                while (true) {
                    if (closed || (untilChange && chain != owner)) {
                        return false;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return true;
                    }
                    changed.awaitNanos(left);
                }
            } finally {
                signal.unlock();
            }
        }

        @Override
        public void close() {
            connection.close();
        }

        @Override
        public void reset() {
            connection.reset();
        }

        @Override
        public RandomGenerator random() {
            return toxicRandom;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T state(Supplier<T> initial) {
            return (T) states.computeIfAbsent(entry.name(), k -> initial.get());
        }

        @Override
        public Cancellable schedule(long delayMillis, Runnable action) {
            ScheduledFuture<?> f = timer.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
    }
}
