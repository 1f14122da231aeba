package io.chaosharness.availability;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.EventRecorder;
import java.sql.Connection;
import java.sql.ResultSet;
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

    public AvailabilityChecker(String name, DataSource dataSource, EventRecorder recorder, AvailabilityConfig config,
                               UnaryOperator<String> masker) {
        this.name = Objects.requireNonNull(name, "name");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.config = Objects.requireNonNull(config, "config");
        this.masker = masker == null ? Secrets::mask : masker;
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

    public AvailabilityConfig config() {
        return config;
    }

    /** Stops the worker threads (an attempt still hung in the driver is interrupted). */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
