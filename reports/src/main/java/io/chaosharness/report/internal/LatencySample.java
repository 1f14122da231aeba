package io.chaosharness.report.internal;

import io.chaosharness.core.Percentiles;
import java.util.Arrays;

/**
 * A growable sample of latencies, ranked by the core's {@link Percentiles} (nearest rank). Not thread-safe.
 */
final class LatencySample {

    private double[] values = new double[16];
    private int size;
    private boolean sorted = true;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && v < values[size - 1]) {
            sorted = false;
        }
        values[size++] = v;
    }

    void addAll(LatencySample other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    double sum() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += values[i];
        }
        return s;
    }

    /** The nearest-rank percentile of the sample ({@link Percentiles#ofSorted}); {@code null} when empty. */
    Double percentile(double p) {
        if (size > 0 && !sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        double v = Percentiles.ofSorted(values, size, p);
        return Double.isNaN(v) ? null : v;
    }
}
