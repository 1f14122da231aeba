package io.chaosharness.availability;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.EventRecorder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed plan's {@code isDatabaseAvailable(retryCount = 3)}: up to {@code retryCount} attempts of {@code SELECT 1},
 * each bounded by {@link AvailabilityConfig#attemptTimeout()} even if {@code getConnection()} hangs (the attempt runs
 * on a worker thread and is abandoned and interrupted at the deadline), with backoff between failed attempts.
 * True as soon as one attempt succeeds. Each attempt is logged and recorded as an {@link AvailabilityCheckEvent}.
 * Worst case duration: {@code retryCount × attemptTimeout + Σ backoff}.
 * <p>With a {@link RefusalGate} (the reference pool passes its recovery probe), an attempt begun while the database is
 * known to refuse connections waits for the database's return instead of queueing in the pool, bounded by the pool's
 * timeout (the time it would have waited there for a connection that cannot come) and by the attempt's timeout; once
 * the database is back it borrows from the pool as before. Queued in the pool, these attempts would be handed the
 * first connections the pool opens after the return ahead of the operations that decide the breaker's half-open
 * trial (the pool serves its waiters in arrival order), which held the first success back by tens of milliseconds
 * behind a dozen such checks in a 15 s outage.
 */
public final class AvailabilityChecker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityChecker.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String name;
    private final DataSource dataSource;
    private final EventRecorder recorder;
    private final AvailabilityConfig config;
    private final UnaryOperator<String> masker;
    private final ExecutorService workers;
    private final RefusalGate gate;
    private final long poolTimeoutMs;

    /**
     * Where an attempt learns that the database refuses connections, and waits for its return.
     */
    @FunctionalInterface
    public interface RefusalGate {
        /**
         * Returns {@code true} at once when the database is not known to refuse connections, or as soon as it is seen
         * back within {@code timeoutMs}; {@code false} if it still refuses when {@code timeoutMs} has passed.
         */
        boolean awaitAccepting(long timeoutMs) throws InterruptedException;
    }

    public AvailabilityChecker(String name, DataSource dataSource, EventRecorder recorder, AvailabilityConfig config,
                               UnaryOperator<String> masker) {
        this(name, dataSource, recorder, config, masker, null, Duration.ZERO);
    }

    /**
     * @param gate        tells an attempt that the database refuses connections (may be {@code null}: every attempt
     *                    borrows from the pool at once)
     * @param poolTimeout how long the pool waits for a connection: the longest an attempt waits at the gate
     */
    public AvailabilityChecker(String name, DataSource dataSource, EventRecorder recorder, AvailabilityConfig config,
                               UnaryOperator<String> masker, RefusalGate gate, Duration poolTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.config = Objects.requireNonNull(config, "config");
        this.masker = masker == null ? Secrets::mask : masker;
        this.gate = gate;
        Objects.requireNonNull(poolTimeout, "poolTimeout");
        if (gate != null && (poolTimeout.isNegative() || poolTimeout.isZero())) {
            throw new IllegalArgumentException("poolTimeout must be positive with a gate, but was " + poolTimeout);
        }
        this.poolTimeoutMs = poolTimeout.toMillis();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-availability-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newCachedThreadPool(factory);
    }

    /**
     * Checks availability with up to {@code retryCount} attempts (1..100).
     *
     * @return true as soon as one {@code SELECT 1} succeeds; false when all failed or the thread was interrupted
     */
    public boolean isDatabaseAvailable(int retryCount) {
        if (retryCount < 1 || retryCount > 100) {
            throw new IllegalArgumentException("retryCount must be between 1 and 100, but was " + retryCount);
        }
        for (int attempt = 1; attempt <= retryCount; attempt++) {
            long start = System.nanoTime();
            String failure = attemptOnce();
            double ms = (System.nanoTime() - start) / 1e6;
            int n = attempt;
            if (failure == null) {
                LOG.info("{} - availability check attempt {}/{} succeeded in {} ms", name, n, retryCount,
                        Math.round(ms));
                recorder.record(at -> new AvailabilityCheckEvent(at, n, true, ms, null));
                return true;
            }
            LOG.warn("{} - availability check attempt {}/{} failed after {} ms: {}", name, n, retryCount,
                    Math.round(ms), failure);
            recorder.record(at -> new AvailabilityCheckEvent(at, n, false, ms, failure));
            if (attempt < retryCount) {
                Duration wait = config.backoffAfter(attempt);
                try {
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** One bounded attempt; returns {@code null} on success, otherwise a masked failure description. */
    private String attemptOnce() {
        long timeoutMs = config.attemptTimeout().toMillis();
        Future<Void> future = workers.submit(() -> {
            awaitAccepting(timeoutMs);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new IllegalStateException("SELECT 1 did not return 1");
                    }
                }
            }
            return null;
        });
        try {
            future.get(timeoutMs, TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            future.cancel(true);
            return "timed out after " + timeoutMs + " ms";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return masker.apply(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * While the database refuses connections, waits for its return at the gate instead of in the pool: at most the
     * pool's timeout (past it the pool would have failed the borrow too) and the attempt's (which ends the attempt).
     */
    private void awaitAccepting(long attemptTimeoutMs) throws InterruptedException, SQLTransientConnectionException {
        if (gate == null) {
            return;
        }
        long start = System.nanoTime();
        if (!gate.awaitAccepting(Math.min(poolTimeoutMs, attemptTimeoutMs))) {
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            throw new SQLTransientConnectionException(name + " - no connection within " + waited + " ms (pool "
                    + "timeout " + poolTimeoutMs + " ms): the database refuses connections (recovery probe), so the "
                    + "attempt waited for its return instead of in the pool", "08001");
        }
    }

    public AvailabilityConfig config() {
        return config;
    }

    /** Stops the worker threads (an attempt still hung in the driver is interrupted). */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
