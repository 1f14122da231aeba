package io.chaosharness.pool;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.retry.RecoverySignal;
import java.sql.Connection;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides recovery by the database: once a failure is suspected, a raw connection attempt (outside the pool) started
 * every {@code interval} (each on a short-lived thread of the probe's, at most {@link #MAX_IN_FLIGHT} in flight, so a
 * hung attempt does not hold up the next), at most {@code maxAttempts} attempts and {@code maxArmed} per arming.
 * Its first success after a failed attempt is "the database accepts connections again": sleeping retries wake
 * ({@link #sleepUnlessBack}), the pool's connection adder is let through ({@link #awaitBack}), and {@code onBack} runs
 * (the pool half-opens its breaker). A first attempt that succeeds wakes nothing: the database never refused, so the
 * failure was something else (pool exhaustion, a reset connection) and backoff keeps its full length.
 * Every attempt, the recovery and giving up are recorded on the timeline as notes from {@code <pool>/recovery-probe}.
 * Thread-safe.
 */
public final class RecoveryProbe implements RecoverySignal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryProbe.class);

    private final String source;
    private final DataSource raw;
    private final EventRecorder recorder;
    private final Duration interval;
    private final Duration maxArmed;
    private final int maxAttempts;
    private final Runnable onBack;
    private final UnaryOperator<String> masker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean armed;
    private boolean closed;
    private long generation;
    private long lastBackNanos = Long.MIN_VALUE;
    /** When a confirming connect ({@link #acceptingSince}) last succeeded, and whether one is under way. */
    private long lastAcceptedNanos = Long.MIN_VALUE;
    private boolean confirming;
    private Thread thread;

    /**
     * @param raw         where probe attempts connect (a driver data source with a short connect timeout, not the pool)
     * @param interval    between attempts, 1 ms .. 1 s
     * @param maxArmed    how long one arming probes at most, 1 ms .. 10 min
     * @param maxAttempts attempts per arming at most, 1 .. 100 000
     * @param onBack      run on a probe thread when the database is back (may be {@code null})
     */
    public RecoveryProbe(String poolName, DataSource raw, EventRecorder recorder, Duration interval, Duration maxArmed,
                         int maxAttempts, Runnable onBack, UnaryOperator<String> masker) {
        this.source = Objects.requireNonNull(poolName, "poolName") + "/recovery-probe";
        this.raw = Objects.requireNonNull(raw, "raw");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.interval = check("interval", interval, Duration.ofMillis(1), Duration.ofSeconds(1));
        this.maxArmed = check("maxArmed", maxArmed, Duration.ofMillis(1), Duration.ofMinutes(10));
        if (maxAttempts < 1 || maxAttempts > 100_000) {
            throw new IllegalArgumentException("maxAttempts must be 1..100000, but was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.onBack = onBack == null ? () -> { } : onBack;
        this.masker = masker == null ? io.chaosharness.core.Secrets::mask : masker;
    }

    private static Duration check(String name, Duration d, Duration min, Duration max) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be " + min + " .. " + max + ", but was " + d);
        }
        return d;
    }

    @Override
    public void suspect() {
        lock.lock();
        try {
            if (armed || closed) {
                return;
            }
            armed = true;
            thread = new Thread(this::probe, source);
            thread.setDaemon(true);
            thread.start();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the probe is watching (a failure was suspected and the database has not been seen back yet). */
    public boolean armed() {
        lock.lock();
        try {
            return armed;
        } finally {
            lock.unlock();
        }
    }

    /** The pause between attempts. */
    public Duration interval() {
        return interval;
    }

    /** How many times the database was seen back after refusing. */
    public long recoveries() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * While armed, waits up to {@code timeoutMs} for the probe to see the database back or to give up; returns at once
     * when not armed. The pool's connection adder waits here instead of in HikariCP's own backoff sleep.
     */
    public void awaitBack(long timeoutMs) throws InterruptedException {
        awaitBack(timeoutMs, true);
    }

    /**
     * Like {@link #awaitBack(long)}; with {@code untilDisarmed} false it returns at the first change (the database
     * seen back, the probe giving up or closing) or after {@code timeoutMs}, whichever is first.
     */
    public void awaitBack(long timeoutMs, boolean untilDisarmed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            long seen = generation;
            while (armed && !closed && (untilDisarmed || generation == seen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sleepUnlessBack(long delayMs, long sinceNanos) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(delayMs);
        lock.lock();
        try {
            if (lastBackNanos != Long.MIN_VALUE && lastBackNanos - sinceNanos >= 0) {
                return 0;
            }
            long seen = generation;
            while (generation == seen && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The longest a caller waits for another caller's confirming connect (the raw connect is bounded by 1 s). */
    private static final long CONFIRM_WAIT_MS = 3_000;

    /**
     * {@inheritDoc}
     * <p>Answers from the last confirming connect or recovery if it came at or after {@code sinceNanos}; otherwise one
     * connect outside the pool, one at a time (concurrent callers wait for it, at most 3 s): a broken connection's
     * siblings fail together, and one connect answers them all. A refused connect arms the probe. While the probe is
     * armed the answer is {@code false} at once (the database refused; the backoff, woken by the probe, decides).
     */
    @Override
    public boolean acceptingSince(long sinceNanos) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONFIRM_WAIT_MS);
        lock.lock();
        try {
            while (true) {
                if (closed || armed) {
                    return false;
                }
                if (seenSince(lastAcceptedNanos, sinceNanos) || seenSince(lastBackNanos, sinceNanos)) {
                    return true;
                }
                if (!confirming) {
                    confirming = true;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        boolean accepted = false;
        long t0 = System.nanoTime();
        String line;
        try (Connection c = raw.getConnection()) {
            accepted = true;
            line = "connection broken: a connect outside the pool succeeded in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; the database accepts connections";
        } catch (Exception e) {
            line = "connection broken: a connect outside the pool failed in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms: "
                    + masker.apply(String.valueOf(e.getMessage())) + "; watching for the database's return";
        } finally {
            lock.lock();
            try {
                confirming = false;
                if (accepted) {
                    lastAcceptedNanos = System.nanoTime();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        String note = line;
        recorder.record(at -> new NoteEvent(at, source, note));
        if (!accepted) {
            suspect();
        }
        return accepted;
    }

    private static boolean seenSince(long at, long sinceNanos) {
        return at != Long.MIN_VALUE && at - sinceNanos >= 0;
    }

    /**
     * Attempts in flight at once at most. An attempt can hang for the raw data source's whole connect timeout (1 s)
     * where nothing answers, as a stopped container's address does while its proxy dials it, or where a blackhole
     * swallows the login; a new attempt still starts beside the hung ones, so the database's return is seen within
     * about one spacing plus a connect instead of after the hung attempt's timeout. While two or more are in flight
     * the attempts are spread over that timeout ({@link #HUNG_SPREAD_MS} / {@code MAX_IN_FLIGHT}, 250 ms) instead of
     * every {@code interval}: each hung attempt behind a blackhole holds a PostgreSQL backend, and when the blackhole
     * lifts their backends all exit at once and the postmaster takes about 10 ms per exiting backend before it
     * serves the next connect (measured on this project's 2-core machines: the first connect after the lift took
     * 45, 160-180 and 280-340 ms with 4, 16 and 32 hung, 25 ms with none). So few hang, and the lift itself starts
     * the next attempt: an attempt that fails before its timeout (the path answered: refused, or the hung connection
     * closed when the blackhole lifted) makes the next one due {@code interval} after the last start.
     */
    static final int MAX_IN_FLIGHT = 4;
    /** The raw data source's connect timeout, over which hung attempts are spread. */
    static final long HUNG_SPREAD_MS = 1_000;
    /** An attempt that failed sooner than this did not wait out its connect timeout: the path answered. */
    static final long EARLY_FAILURE_MS = HUNG_SPREAD_MS * 9 / 10;
    /** How long the last attempts of an arming may still take once its bounds are reached. */
    private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(3);

    private void probe() {
        long start = System.nanoTime();
        long end = start + maxArmed.toNanos();
        AtomicBoolean refused = new AtomicBoolean();
        AtomicBoolean won = new AtomicBoolean();
        CompletableFuture<String> done = new CompletableFuture<>();
        Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        Semaphore nudge = new Semaphore(0); // released by an attempt that ended early: connected, or failed fast
        int attempt = 0;
        String outcome;
        try {
            while (true) {
                if (isClosed()) {
                    outcome = "closed after " + attempt + " attempt(s)";
                    break;
                }
                if (done.isDone()) {
                    outcome = done.join();
                    break;
                }
                if (attempt >= maxAttempts || System.nanoTime() - end >= 0) {
                    // the attempts still in flight started within the bounds: let them end (each within its connect
                    // timeout; at most IN_FLIGHT_WAIT), and the first of them to connect still decides
                    if (slots.tryAcquire(MAX_IN_FLIGHT, IN_FLIGHT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        slots.release(MAX_IN_FLIGHT);
                    }
                    if (!won.compareAndSet(false, true)) {
                        outcome = done.get();
                        break;
                    }
                    outcome = "gave up after " + attempt + " attempt(s) in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (bound " + maxAttempts
                            + " attempts, " + maxArmed.toMillis() + " ms)";
                    break;
                }
                if (slots.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    int n = ++attempt;
                    long startedAt = System.nanoTime();
                    nudge.drainPermits(); // an early end before this start says nothing about this attempt's spacing
                    Thread t = new Thread(() -> {
                        try {
                            attempt(n, refused, won, done, nudge);
                        } finally {
                            slots.release();
                        }
                    }, source + "-" + n);
                    t.setDaemon(true);
                    t.start();
                    int inFlight = MAX_IN_FLIGHT - slots.availablePermits();
                    long next = inFlight >= 2 ? Math.max(interval.toMillis(), HUNG_SPREAD_MS / MAX_IN_FLIGHT)
                            : interval.toMillis();
                    if (nudge.tryAcquire(next, TimeUnit.MILLISECONDS) && !done.isDone()) {
                        // an attempt ended early: the next is due one interval after this start, not after the spread
                        long left = interval.toNanos() - (System.nanoTime() - startedAt);
                        if (left > 0) {
                            try {
                                outcome = done.get(left, TimeUnit.NANOSECONDS);
                                break;
                            } catch (TimeoutException e) {
                                // the next attempt is due
                            }
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            won.set(true); // an attempt still in flight ends without waking anyone
            outcome = "interrupted after " + attempt + " attempt(s)";
        } catch (ExecutionException e) {
            outcome = "failed: " + e.getCause();
        }
        String line = outcome;
        LOG.info("{} - {}", source, line);
        recorder.record(at -> new NoteEvent(at, source, line));
        lock.lock();
        try {
            armed = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@link #attempt(int, AtomicBoolean, AtomicBoolean, CompletableFuture)}, then a nudge if it ended early. */
    private void attempt(int n, AtomicBoolean refused, AtomicBoolean won, CompletableFuture<String> done,
                         Semaphore nudge) {
        long t0 = System.nanoTime();
        try {
            attempt(n, refused, won, done);
        } finally {
            if (done.isDone() || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < EARLY_FAILURE_MS) {
                nudge.release();
            }
        }
    }

    /** One connect outside the pool; the first to connect decides (and, after a refusal, wakes everyone first). */
    private void attempt(int n, AtomicBoolean refused, AtomicBoolean won, CompletableFuture<String> done) {
        long t0 = System.nanoTime();
        try (Connection c = raw.getConnection()) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            if (!won.compareAndSet(false, true)) {
                return;
            }
            boolean wake = refused.get();
            if (wake) {
                back();
            }
            done.complete(wake
                    ? "database accepting connections again: attempt " + n + " connected in " + ms
                            + " ms; waking retries"
                    : "database accepting connections: attempt " + n + " connected in " + ms + " ms; nothing to wake");
        } catch (Exception e) {
            refused.set(true);
            if (won.get()) {
                return;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            String msg = masker.apply(String.valueOf(e.getMessage()));
            recorder.record(at -> new NoteEvent(at, source, "attempt " + n + " failed in " + ms + " ms: " + msg));
        }
    }

    private void back() {
        lock.lock();
        try {
            lastBackNanos = System.nanoTime();
            generation++;
            armed = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            onBack.run();
        } catch (RuntimeException e) {
            LOG.warn("{} - on-back action failed: {}", source, masker.apply(String.valueOf(e.getMessage())));
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops probing (the running attempt ends within its connect timeout) and wakes every waiter. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
