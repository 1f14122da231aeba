package io.chaosharness.proxy;

import io.chaosharness.proxy.toxic.Chunk;
import io.chaosharness.proxy.toxic.ToxicContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One direction of one proxied connection. With no active toxic the reader thread copies straight from source to
 * destination (one thread, one 32 KB buffer, no hand-off). Otherwise chunks go through a queue to a processor thread
 * that runs them along the chain of toxic stages:
 *
 * <pre>
 *   source --read--> reader --(no active toxic, nothing queued)--------------------> write --> destination
 *                       \--queue (1024 chunks)--> processor: stage 1 -> stage 2 -> ... -> write --> destination
 * </pre>
 *
 * The chain is an immutable snapshot swapped atomically by the API; a swap wakes any stage that is waiting, which
 * then lets its chunk go at once, so a toxic change never waits for traffic. Only the thread that owns the
 * destination (the reader while nothing is queued, else the processor) writes to it, which keeps bytes in order.
 */
final class Link {

    static final int BUFFER_BYTES = 32 * 1024;
    private static final int QUEUE_CHUNKS = 1024;
    private static final Chunk EOF = new Chunk(new byte[0], 0, 0, 0);

    private final Connection connection;
    private final ToxicEntry.Direction direction;
    private final InputStream source;
    private final OutputStream destination;
    private final String threadName;
    private final RandomGenerator toxicRandom;
    private final RandomGenerator toxicityRandom;
    private final ScheduledExecutorService timer;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<String, Object> states = new ConcurrentHashMap<>();
    private final ReentrantLock signal = new ReentrantLock();
    private final Condition changed = signal.newCondition();
    private volatile Chain chain = new Chain(new Stage[0]);
    private volatile boolean closed;
    private Thread processor; // guarded by this
    private Thread reader;    // guarded by this

    Link(Connection connection, ToxicEntry.Direction direction, InputStream source, OutputStream destination,
         String threadName, RandomGenerator toxicRandom, RandomGenerator toxicityRandom,
         ScheduledExecutorService timer) {
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.destination = destination;
        this.threadName = threadName;
        this.toxicRandom = toxicRandom;
        this.toxicityRandom = toxicityRandom;
        this.timer = timer;
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

    /** Starts the reader on a new thread. */
    synchronized void start() {
        reader = newThread(this::readLoop, threadName);
        reader.start();
    }

    private void readLoop() {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            while (true) {
                int n = source.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                if (pending.get() == 0 && chain.passThrough) {
                    destination.write(buffer, 0, n);
                } else {
                    enqueue(new Chunk(Arrays.copyOf(buffer, n), 0, n, System.nanoTime()));
                }
            }
            if (pending.get() == 0 && chain.passThrough) {
                finishOutput();
            } else {
                enqueue(EOF);
            }
        } catch (IOException | InterruptedException e) {
            connection.close();
        }
    }

    private void enqueue(Chunk chunk) throws InterruptedException {
        pending.incrementAndGet();
        synchronized (this) {
            if (processor == null && !closed) {
                processor = newThread(this::processLoop, threadName + "-toxics");
                processor.start();
            }
        }
        queue.put(chunk);
    }

    private void processLoop() {
        try {
            while (!closed) {
                Chunk chunk = queue.take();
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

    private void write(Chunk chunk) {
        if (closed) {
            throw new LinkClosedException();
        }
        if (chunk.length() == 0) {
            return;
        }
        try {
            destination.write(chunk.data(), chunk.offset(), chunk.length());
        } catch (IOException e) {
            throw new LinkClosedException();
        }
    }

    private void finishOutput() {
        connection.directionDone(this);
    }

    /** Called once by the connection when it closes: wakes and ends the threads, stops the active toxics. */
    void closed() {
        Thread p;
        Thread r;
        signal.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            signal.unlock();
        }
        synchronized (this) {
            p = processor;
            r = reader;
        }
        if (p != null && p != Thread.currentThread()) {
            p.interrupt();
        }
        if (r != null && r != Thread.currentThread()) {
            r.interrupt();
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
