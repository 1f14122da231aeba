package io.chaosharness.availability;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the availability check: each {@code SELECT 1} attempt is bounded by {@link #attemptTimeout()}
 * and failed attempts are followed by waits of {@code baseBackoff × 2^(n-1)}, capped by {@link #maxBackoff()}
 * (the seed plan: 10 s per attempt, 1 s, 2 s, 4 s). Tests use small values.
 */
public record AvailabilityConfig(Duration attemptTimeout, Duration baseBackoff, Duration maxBackoff) {

    private static final AvailabilityConfig DEFAULTS =
            new AvailabilityConfig(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(4));

    public AvailabilityConfig {
        check("attemptTimeout", attemptTimeout, Duration.ofMillis(1), Duration.ofMinutes(5));
        check("baseBackoff", baseBackoff, Duration.ZERO, Duration.ofMinutes(5));
        check("maxBackoff", maxBackoff, Duration.ZERO, Duration.ofMinutes(5));
        if (maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least baseBackoff (" + baseBackoff.toMillis()
                    + " ms), but was " + maxBackoff.toMillis() + " ms");
        }
    }

    /** 10 s per attempt; backoff 1 s, 2 s, 4 s. */
    public static AvailabilityConfig ofDefaults() {
        return DEFAULTS;
    }

    public AvailabilityConfig withAttemptTimeout(Duration timeout) {
        return new AvailabilityConfig(timeout, baseBackoff, maxBackoff);
    }

    public AvailabilityConfig withBackoff(Duration base, Duration max) {
        return new AvailabilityConfig(attemptTimeout, base, max);
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        long base = baseBackoff.toMillis();
        long ms = base << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    private static void check(String field, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + min.toMillis() + " ms and "
                    + max.toMillis() + " ms, but was " + value.toMillis() + " ms");
        }
    }
}
