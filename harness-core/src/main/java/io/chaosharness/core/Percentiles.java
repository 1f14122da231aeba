package io.chaosharness.core;

import java.util.Arrays;

/**
 * The one percentile function of the harness: nearest rank, no interpolation, so every reported value was observed.
 * Criteria, summaries, recovery and reports all use it, so a p99 means the same number everywhere.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The {@code p}-th percentile (0 &lt; p ≤ 100) of {@code values} by nearest rank: the smallest value such that at
     * least {@code p} percent of the values are at or below it; {@code NaN} for an empty sample. Infinite values
     * (operations that failed, in recovery windows) sort last. {@code values} is not changed.
     */
    public static double of(double[] values, double p) {
        checkP(p);
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, sorted.length, p);
    }

    /**
     * The {@code p}-th percentile of the first {@code size} values of {@code sorted}, which must be in ascending
     * order (for callers that keep a sorted buffer); {@code NaN} when {@code size} is 0.
     */
    public static double ofSorted(double[] sorted, int size, double p) {
        checkP(p);
        if (size < 0 || size > sorted.length) {
            throw new IllegalArgumentException("size must be between 0 and " + sorted.length + ", but was " + size);
        }
        if (size == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    /** Arithmetic mean; {@code NaN} for an empty sample. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static void checkP(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("p must be in (0, 100], but was " + p);
        }
    }
}
