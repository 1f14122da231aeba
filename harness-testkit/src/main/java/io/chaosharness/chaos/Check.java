package io.chaosharness.chaos;

import java.time.Duration;
import java.util.Objects;

/** Parameter checks shared by the fault records; every message names the field and the bad value. */
final class Check {

    /** Upper bound for any fault duration parameter: a longer one is a typo, not an experiment. */
    static final Duration MAX = Duration.ofHours(24);

    private Check() {
    }

    static Duration nonNegative(String field, Duration d) {
        Objects.requireNonNull(d, field + " must not be null");
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, but was " + d.toMillis() + "ms");
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(field + " must be at most " + MAX.toHours() + "h, but was " + d);
        }
        return d;
    }

    static long nonNegative(String field, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(field + " must not be negative, but was " + v);
        }
        return v;
    }

    static float toxicity(float toxicity) {
        if (!(toxicity >= 0f && toxicity <= 1f)) {
            throw new IllegalArgumentException("toxicity must be between 0.0 and 1.0, but was " + toxicity);
        }
        return toxicity;
    }

    static Direction direction(Direction direction) {
        return Objects.requireNonNull(direction, "direction must not be null");
    }

    static String ms(Duration d) {
        return d.toMillis() + "ms";
    }

    static String toxicity(String description, float toxicity) {
        return toxicity >= 1f ? description : description + " toxicity " + toxicity;
    }
}
