package io.chaosharness.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A retry budget shared by every caller of one pool, so a long outage cannot turn into a retry storm
 * (Resilience4j has none, resilience4j#172). A retry is allowed when either
 * <ul>
 *   <li>retries in the sliding window stay below {@code ratio × calls} in the window (calls are logical operations), or</li>
 *   <li>retries in the current second stay below {@code minRetriesPerSecond} (a floor, so a quiet caller can still retry).</li>
 * </ul>
 * The window is kept in one-second buckets read from the injected {@link Clock}. Thread-safe (one lock; both
 * operations are a few array writes).
 */
public final class RetryBudget {

    private final double ratio;
    private final int minRetriesPerSecond;
    private final int windowSeconds;
    private final Clock clock;
    private final long[] bucketSecond;
    private final long[] calls;
    private final long[] retries;
    private long totalRefused;

    public RetryBudget(double ratio, int minRetriesPerSecond, Duration window, Clock clock) {
        if (!(ratio >= 0.0 && ratio <= 10.0)) {
            throw new IllegalArgumentException("ratio must be between 0.0 and 10.0, but was " + ratio);
        }
        if (minRetriesPerSecond < 0) {
            throw new IllegalArgumentException("minRetriesPerSecond must be at least 0, but was " + minRetriesPerSecond);
        }
        if (window == null || window.toSeconds() < 1 || window.toSeconds() > 3600) {
            throw new IllegalArgumentException("window must be between 1 s and 3600 s, but was " + window);
        }
        this.ratio = ratio;
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.windowSeconds = (int) window.toSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bucketSecond = new long[windowSeconds];
        this.calls = new long[windowSeconds];
        this.retries = new long[windowSeconds];
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    /** Counts one logical operation (deposits {@code ratio} retries into the window). */
    public synchronized void recordCall() {
        calls[bucket(currentSecond())]++;
    }

    /** Takes one retry from the budget if allowed; returns whether the retry may go ahead. */
    public synchronized boolean tryAcquireRetry() {
        long now = currentSecond();
        int current = bucket(now);
        long windowCalls = 0;
        long windowRetries = 0;
        for (int i = 0; i < windowSeconds; i++) {
            if (bucketSecond[i] > now - windowSeconds) {
                windowCalls += calls[i];
                windowRetries += retries[i];
            }
        }
        boolean allowed = windowRetries < ratio * windowCalls || retries[current] < minRetriesPerSecond;
        if (allowed) {
            retries[current]++;
        } else {
            totalRefused++;
        }
        return allowed;
    }

    /** Calls counted in the current window. */
    public synchronized long windowCalls() {
        return sum(calls);
    }

    /** Retries taken in the current window. */
    public synchronized long windowRetries() {
        return sum(retries);
    }

    /** Retries refused since creation. */
    public synchronized long refused() {
        return totalRefused;
    }

    public double ratio() {
        return ratio;
    }

    public int minRetriesPerSecond() {
        return minRetriesPerSecond;
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }

    private long sum(long[] counts) {
        long now = currentSecond();
        long total = 0;
        for (int i = 0; i < windowSeconds; i++) {
            if (bucketSecond[i] > now - windowSeconds) {
                total += counts[i];
            }
        }
        return total;
    }

    private long currentSecond() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    /** The bucket for {@code second}, reset if it last held an older second. */
    private int bucket(long second) {
        int i = (int) Math.floorMod(second, (long) windowSeconds);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            calls[i] = 0;
            retries[i] = 0;
        }
        return i;
    }
}
