package io.chaosharness.scenario.internal;

import java.util.Arrays;

/** Nearest-rank percentiles over a sample (no interpolation: every reported value was observed). */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The {@code p}-th percentile (0 &lt; p ≤ 100) by nearest rank; {@code NaN} for an empty sample.
     * Infinite values (operations that failed, in recovery windows) sort last.
     */
    public static double of(double[] values, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("p must be in (0, 100], but was " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
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
}
