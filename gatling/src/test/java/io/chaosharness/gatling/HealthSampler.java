package io.chaosharness.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads {@code /api/health/database} once a second during a run (at most {@code bound} long) and keeps the pool
 * gauges' extremes: the highest utilisation, the most connections open, and the slowest health answer. Works for the
 * local stack and for a given target alike.
 */
final class HealthSampler implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "health-sampler");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile double maxUtilisation;
    private final AtomicInteger maxTotal = new AtomicInteger();
    private final AtomicInteger firstTotal = new AtomicInteger(-1);
    private final AtomicInteger lastTotal = new AtomicInteger(-1);
    private volatile int max = -1;
    private final AtomicLong slowestMs = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    HealthSampler(Load load, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        timer.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() > deadline) {
                timer.shutdown();
                return;
            }
            long t0 = System.nanoTime();
            try {
                JsonNode h = load.health(client);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                slowestMs.accumulateAndGet(ms, Math::max);
                JsonNode c = h.path("connections");
                synchronized (this) {
                    maxUtilisation = Math.max(maxUtilisation, c.path("utilisation_ratio").asDouble());
                }
                int total = c.path("total").asInt();
                maxTotal.accumulateAndGet(total, Math::max);
                firstTotal.compareAndSet(-1, total);
                lastTotal.set(total);
                max = c.path("max").asInt();
                samples.incrementAndGet();
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    double maxUtilisation() {
        return maxUtilisation;
    }

    int maxTotal() {
        return maxTotal.get();
    }

    int firstTotal() {
        return firstTotal.get();
    }

    int lastTotal() {
        return lastTotal.get();
    }

    int max() {
        return max;
    }

    long slowestMs() {
        return slowestMs.get();
    }

    long samples() {
        return samples.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
