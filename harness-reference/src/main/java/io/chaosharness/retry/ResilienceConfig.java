package io.chaosharness.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable configuration of the reference pool's resilience: retries, circuit breaker, retry budget and the socket
 * timeout guard. Build with {@link #custom()} or {@link #from(ResilienceConfig)}; every bad value throws with the
 * field's name and the value. {@link #weakened()} switches every guard off, for scenarios that must be able to fail.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>maxRetries</td><td>3 (the seed plan's {@code withRetry} default)</td></tr>
 *   <tr><td>baseDelay / maxDelay / jitter</td><td>1 s / 30 s / 0.5</td></tr>
 *   <tr><td>breaker</td><td>opens at 50 % failed operations over the last 20 (at least 10), stays open 5 s,
 *       3 trial calls half-open</td></tr>
 *   <tr><td>budget</td><td>retries ≤ 20 % of calls over 10 s, plus a floor of 3 retries per second</td></tr>
 *   <tr><td>socket timeout guard</td><td>on ({@code PoolSettings#socketTimeout()})</td></tr>
 * </table>
 */
public final class ResilienceConfig {

    private static final ResilienceConfig DEFAULTS = new Builder().build();

    private final boolean retriesEnabled;
    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final double jitter;
    private final boolean breakerEnabled;
    private final float breakerFailureRateThreshold;
    private final int breakerSlidingWindowSize;
    private final int breakerMinimumNumberOfCalls;
    private final Duration breakerWaitInOpenState;
    private final int breakerPermittedCallsInHalfOpenState;
    private final boolean budgetEnabled;
    private final boolean recoveryProbeEnabled;
    private final double budgetRatio;
    private final int budgetMinRetriesPerSecond;
    private final Duration budgetWindow;
    private final boolean socketTimeoutEnabled;

    private ResilienceConfig(Builder b) {
        this.retriesEnabled = b.retriesEnabled;
        this.maxRetries = b.maxRetries;
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.jitter = b.jitter;
        this.breakerEnabled = b.breakerEnabled;
        this.breakerFailureRateThreshold = b.breakerFailureRateThreshold;
        this.breakerSlidingWindowSize = b.breakerSlidingWindowSize;
        this.breakerMinimumNumberOfCalls = b.breakerMinimumNumberOfCalls;
        this.breakerWaitInOpenState = b.breakerWaitInOpenState;
        this.breakerPermittedCallsInHalfOpenState = b.breakerPermittedCallsInHalfOpenState;
        this.budgetEnabled = b.budgetEnabled;
        this.recoveryProbeEnabled = b.recoveryProbeEnabled;
        this.budgetRatio = b.budgetRatio;
        this.budgetMinRetriesPerSecond = b.budgetMinRetriesPerSecond;
        this.budgetWindow = b.budgetWindow;
        this.socketTimeoutEnabled = b.socketTimeoutEnabled;
    }

    /** The defaults (see the class comment). */
    public static ResilienceConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(ResilienceConfig base) {
        return new Builder(base);
    }

    /** No retries, no breaker, no budget, no socket timeout: the deliberately weakened pool. */
    public static ResilienceConfig weakened() {
        return custom().retriesEnabled(false).breakerEnabled(false).budgetEnabled(false)
                .socketTimeoutEnabled(false).build();
    }

    public boolean retriesEnabled() {
        return retriesEnabled;
    }

    /** Default retries after the first attempt (0 when retries are disabled). */
    public int maxRetries() {
        return retriesEnabled ? maxRetries : 0;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public double jitter() {
        return jitter;
    }

    public boolean breakerEnabled() {
        return breakerEnabled;
    }

    public float breakerFailureRateThreshold() {
        return breakerFailureRateThreshold;
    }

    public int breakerSlidingWindowSize() {
        return breakerSlidingWindowSize;
    }

    public int breakerMinimumNumberOfCalls() {
        return breakerMinimumNumberOfCalls;
    }

    public Duration breakerWaitInOpenState() {
        return breakerWaitInOpenState;
    }

    public int breakerPermittedCallsInHalfOpenState() {
        return breakerPermittedCallsInHalfOpenState;
    }

    public boolean budgetEnabled() {
        return budgetEnabled;
    }

    public double budgetRatio() {
        return budgetRatio;
    }

    public int budgetMinRetriesPerSecond() {
        return budgetMinRetriesPerSecond;
    }

    public Duration budgetWindow() {
        return budgetWindow;
    }

    /**
     * Whether recovery is decided by the database (default on): the pool's recovery probe ends backoff sleeps, lets
     * the pool open connections and half-opens the breaker as soon as the database accepts connections again.
     */
    public boolean recoveryProbeEnabled() {
        return recoveryProbeEnabled;
    }

    /** Whether the pgjdbc socketTimeout guard is applied (off only for the weakened pool). */
    public boolean socketTimeoutEnabled() {
        return socketTimeoutEnabled;
    }

    @Override
    public String toString() {
        return "ResilienceConfig{retries=" + (retriesEnabled ? maxRetries + " × " + baseDelay.toMillis() + "ms..."
                + maxDelay.toMillis() + "ms jitter " + jitter : "off")
                + ", breaker=" + (breakerEnabled ? breakerFailureRateThreshold + "% of " + breakerSlidingWindowSize
                + " (min " + breakerMinimumNumberOfCalls + "), open " + breakerWaitInOpenState.toMillis() + "ms, half-open "
                + breakerPermittedCallsInHalfOpenState : "off")
                + ", budget=" + (budgetEnabled ? budgetRatio + " of calls over " + budgetWindow.toSeconds() + "s + "
                + budgetMinRetriesPerSecond + "/s" : "off")
                + ", recoveryProbe=" + (recoveryProbeEnabled ? "on" : "off")
                + ", socketTimeout=" + (socketTimeoutEnabled ? "on" : "off") + "}";
    }

    /** Builds a {@link ResilienceConfig}; each setter validates at once and names the field. */
    public static final class Builder {
        private boolean retriesEnabled = true;
        private int maxRetries = 3;
        private Duration baseDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(30);
        private double jitter = 0.5;
        private boolean breakerEnabled = true;
        private float breakerFailureRateThreshold = 50f;
        private int breakerSlidingWindowSize = 20;
        private int breakerMinimumNumberOfCalls = 10;
        private Duration breakerWaitInOpenState = Duration.ofSeconds(5);
        private int breakerPermittedCallsInHalfOpenState = 3;
        private boolean budgetEnabled = true;
        private double budgetRatio = 0.2;
        private int budgetMinRetriesPerSecond = 3;
        private Duration budgetWindow = Duration.ofSeconds(10);
        private boolean socketTimeoutEnabled = true;
        private boolean recoveryProbeEnabled = true;

        private Builder() {
        }

        private Builder(ResilienceConfig c) {
            retriesEnabled = c.retriesEnabled;
            maxRetries = c.maxRetries;
            baseDelay = c.baseDelay;
            maxDelay = c.maxDelay;
            jitter = c.jitter;
            breakerEnabled = c.breakerEnabled;
            breakerFailureRateThreshold = c.breakerFailureRateThreshold;
            breakerSlidingWindowSize = c.breakerSlidingWindowSize;
            breakerMinimumNumberOfCalls = c.breakerMinimumNumberOfCalls;
            breakerWaitInOpenState = c.breakerWaitInOpenState;
            breakerPermittedCallsInHalfOpenState = c.breakerPermittedCallsInHalfOpenState;
            budgetEnabled = c.budgetEnabled;
            budgetRatio = c.budgetRatio;
            budgetMinRetriesPerSecond = c.budgetMinRetriesPerSecond;
            budgetWindow = c.budgetWindow;
            socketTimeoutEnabled = c.socketTimeoutEnabled;
            recoveryProbeEnabled = c.recoveryProbeEnabled;
        }

        /** See {@link ResilienceConfig#recoveryProbeEnabled()}. */
        public Builder recoveryProbeEnabled(boolean enabled) {
            this.recoveryProbeEnabled = enabled;
            return this;
        }

        public Builder retriesEnabled(boolean enabled) {
            this.retriesEnabled = enabled;
            return this;
        }

        /** Retries after the first attempt, 0..10. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = checkMaxRetries(maxRetries);
            return this;
        }

        /** Nominal delay before the first retry, 0..60 s; doubles per retry. */
        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = checkBaseDelay(baseDelay);
            return this;
        }

        /** Upper bound of any single wait, 0..300 s. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = checkDuration("maxDelay", maxDelay, Duration.ZERO, Duration.ofSeconds(300));
            return this;
        }

        /** Randomisation factor 0.0..1.0 (0.5: each wait is 50..150 % of nominal). */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, but was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        public Builder breakerEnabled(boolean enabled) {
            this.breakerEnabled = enabled;
            return this;
        }

        /** Failure rate in percent (1..100) at which the breaker opens. */
        public Builder breakerFailureRateThreshold(float percent) {
            if (!(percent >= 1f && percent <= 100f)) {
                throw new IllegalArgumentException("breakerFailureRateThreshold must be between 1 and 100, but was " + percent);
            }
            this.breakerFailureRateThreshold = percent;
            return this;
        }

        /** Logical operations in the breaker's count-based window, 1..10000. */
        public Builder breakerSlidingWindowSize(int size) {
            this.breakerSlidingWindowSize = checkInt("breakerSlidingWindowSize", size, 1, 10_000);
            return this;
        }

        /** Operations needed before the failure rate counts, 1..10000. */
        public Builder breakerMinimumNumberOfCalls(int calls) {
            this.breakerMinimumNumberOfCalls = checkInt("breakerMinimumNumberOfCalls", calls, 1, 10_000);
            return this;
        }

        /** How long the breaker stays open before letting trial calls through, 1 ms..10 min. */
        public Builder breakerWaitInOpenState(Duration wait) {
            this.breakerWaitInOpenState = checkDuration("breakerWaitInOpenState", wait, Duration.ofMillis(1),
                    Duration.ofMinutes(10));
            return this;
        }

        /** Trial calls in the half-open state, 1..1000. */
        public Builder breakerPermittedCallsInHalfOpenState(int calls) {
            this.breakerPermittedCallsInHalfOpenState = checkInt("breakerPermittedCallsInHalfOpenState", calls, 1, 1000);
            return this;
        }

        public Builder budgetEnabled(boolean enabled) {
            this.budgetEnabled = enabled;
            return this;
        }

        /** Retries allowed per logical call over the window, 0.0..10.0. */
        public Builder budgetRatio(double ratio) {
            if (!(ratio >= 0.0 && ratio <= 10.0)) {
                throw new IllegalArgumentException("budgetRatio must be between 0.0 and 10.0, but was " + ratio);
            }
            this.budgetRatio = ratio;
            return this;
        }

        /** Retries always allowed per second regardless of the ratio, 0..10000. */
        public Builder budgetMinRetriesPerSecond(int perSecond) {
            this.budgetMinRetriesPerSecond = checkInt("budgetMinRetriesPerSecond", perSecond, 0, 10_000);
            return this;
        }

        /** The budget's sliding window, 1 s..1 h, whole seconds. */
        public Builder budgetWindow(Duration window) {
            Duration w = checkDuration("budgetWindow", window, Duration.ofSeconds(1), Duration.ofHours(1));
            if (w.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("budgetWindow must be whole seconds, but was " + window);
            }
            this.budgetWindow = w;
            return this;
        }

        public Builder socketTimeoutEnabled(boolean enabled) {
            this.socketTimeoutEnabled = enabled;
            return this;
        }

        public ResilienceConfig build() {
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must be at least baseDelay (" + baseDelay.toMillis()
                        + " ms), but was " + maxDelay.toMillis() + " ms");
            }
            if (breakerMinimumNumberOfCalls > breakerSlidingWindowSize) {
                throw new IllegalArgumentException("breakerMinimumNumberOfCalls must be at most breakerSlidingWindowSize ("
                        + breakerSlidingWindowSize + "), but was " + breakerMinimumNumberOfCalls);
            }
            return new ResilienceConfig(this);
        }
    }

    static int checkMaxRetries(int maxRetries) {
        return checkInt("maxRetries", maxRetries, 0, 10);
    }

    static Duration checkBaseDelay(Duration baseDelay) {
        return checkDuration("baseDelay", baseDelay, Duration.ZERO, Duration.ofSeconds(60));
    }

    private static int checkInt(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    private static Duration checkDuration(String field, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + min.toMillis() + " ms and " + max.toMillis()
                    + " ms, but was " + value.toMillis() + " ms");
        }
        return value;
    }
}
