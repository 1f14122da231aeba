package io.chaosharness.retry;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter from a seeded generator (Resilience4j's own random backoff uses
 * {@code Math.random()} and cannot be replayed). Retry {@code n} (1-based) waits
 * <pre>  nominal(n) = min(maxDelay, baseDelay × 2^(n-1))
 *   delay(n)   = min(maxDelay, nominal(n) × (1 − jitter + 2 × jitter × u)),   u uniform in [0, 1)</pre>
 * so with the defaults (1 s, jitter 0.5) the waits fall in [0.5, 1.5] s, [1, 3] s, [2, 6] s. The same seed gives the
 * same sequence of delays for the same sequence of calls. Thread-safe when the generator is (see
 * {@link io.chaosharness.core.Seeds#threadSafe(long, String)}).
 */
public final class SeededBackoff implements IntervalBiFunction<Object> {

    private final Duration baseDelay;
    private final Duration maxDelay;
    private final double jitter;
    private final RandomGenerator random;

    public SeededBackoff(Duration baseDelay, Duration maxDelay, double jitter, RandomGenerator random) {
        this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay must not be negative, but was " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least baseDelay (" + baseDelay + "), but was " + maxDelay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, but was " + jitter);
        }
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The nominal (jitter-free) delay before retry {@code retry} (1-based), in milliseconds. */
    public long nominalMillis(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, but was " + retry);
        }
        long base = baseDelay.toMillis();
        long max = maxDelay.toMillis();
        int shift = Math.min(retry - 1, 40);
        long nominal = base == 0 ? 0 : (base > (max >> shift) ? max : base << shift);
        return Math.min(nominal, max);
    }

    /** Draws the delay before retry {@code retry} (1-based), in milliseconds. */
    public long delayMillis(int retry) {
        long nominal = nominalMillis(retry);
        double factor = 1.0 - jitter + 2.0 * jitter * random.nextDouble();
        return Math.min(maxDelay.toMillis(), Math.round(nominal * factor));
    }

    /** Resilience4j calls this with the number of attempts so far (1 after the first failure). */
    @Override
    public Long apply(Integer attempts, Either<Throwable, Object> lastResult) {
        return delayMillis(attempts);
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
}
