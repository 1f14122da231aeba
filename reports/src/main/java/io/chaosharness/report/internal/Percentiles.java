package io.chaosharness.report.internal;

import java.util.Arrays;

/** Nearest-rank percentiles over a growable array of latencies. Not thread-safe. */
final class Percentiles {

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

    void addAll(Percentiles other) {
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

    /**
     * The nearest-rank percentile: the smallest value such that at least {@code p} percent of the values are at or
     * below it; {@code null} when empty.
     */
    Double percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("p must be in (0, 100], but was " + p);
        }
        if (size == 0) {
            return null;
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * size);
        return values[Math.max(0, rank - 1)];
    }

    /** A percentile of plain values, for tests and one-off use. */
    static Double of(double p, double... vs) {
        Percentiles ps = new Percentiles();
        for (double v : vs) {
            ps.add(v);
        }
        return ps.percentile(p);
    }
}
