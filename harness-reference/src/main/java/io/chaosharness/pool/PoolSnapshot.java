package io.chaosharness.pool;

/**
 * The pool's gauges at one moment; {@code max} is the configured {@code connection_limit}.
 *
 * @param waiting threads waiting in {@code getConnection()}
 */
public record PoolSnapshot(int total, int active, int idle, int waiting, int max) {

    /** Active connections against {@code max}, 0..1. */
    public double utilisation() {
        return max == 0 ? 0.0 : (double) active / max;
    }

    @Override
    public String toString() {
        return "(total=" + total + ", active=" + active + ", idle=" + idle + ", waiting=" + waiting + ", max=" + max + ")";
    }
}
