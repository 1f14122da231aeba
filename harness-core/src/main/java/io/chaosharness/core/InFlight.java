package io.chaosharness.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of pool utilisation over time in the harness: how many intervals (attempts, each holding one
 * connection) were in flight, on average, in the busiest window of a run. The catalogue's criterion, {@code ./harness
 * size} and the Gatling simulations all use it, so "pool utilisation" means the same number everywhere.
 */
public final class InFlight {

    /** The catalogue's window: one second. */
    public static final long SECOND_NANOS = 1_000_000_000L;

    private InFlight() {
    }

    /**
     * @param mean   mean intervals in flight over the busiest window
     * @param window index of that window from the run's start (0 for a run with no interval)
     * @param peak   the most intervals in flight at any instant
     * @param spans  the intervals counted (those that ended inside the run)
     */
    public record Busiest(double mean, int window, int peak, int spans) {
    }

    /**
     * The busiest window of a run {@code runNanos} long, cut into windows of {@code windowNanos} from its start.
     * Each span is {@code {from, to}} in nanoseconds from the run's start; a span counts only when it ended inside
     * the run ({@code 0 ≤ to ≤ runNanos}), from the run's start at the earliest. At equal instants an end comes
     * before a start, so back-to-back intervals do not overlap. A last partial window counts once it is half a window.
     */
    public static Busiest busiest(List<long[]> spans, long runNanos, long windowNanos) {
        if (runNanos <= 0 || windowNanos <= 0) {
            throw new IllegalArgumentException("runNanos and windowNanos must be positive, but were " + runNanos
                    + " and " + windowNanos);
        }
        List<long[]> edges = new ArrayList<>(spans.size() * 2);
        for (long[] span : spans) {
            if (span[1] < 0 || span[1] > runNanos) {
                continue;
            }
            edges.add(new long[] {Math.max(0, Math.min(span[0], span[1])), +1});
            edges.add(new long[] {span[1], -1});
        }
        edges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        double[] busy = new double[(int) (runNanos / windowNanos) + 1];
        int inFlight = 0;
        int peak = 0;
        long previous = 0;
        for (long[] e : edges) {
            addBusy(busy, previous, e[0], inFlight, windowNanos);
            previous = e[0];
            inFlight += (int) e[1];
            peak = Math.max(peak, inFlight);
        }
        double busiest = 0;
        int busiestWindow = 0;
        for (int w = 0; w < busy.length; w++) {
            long length = Math.min(windowNanos, runNanos - (long) w * windowNanos);
            if (length < windowNanos / 2 && w > 0) {
                continue;
            }
            double mean = busy[w] / Math.max(1, length);
            if (mean > busiest) {
                busiest = mean;
                busiestWindow = w;
            }
        }
        return new Busiest(busiest, busiestWindow, peak, edges.size() / 2);
    }

    /** Adds {@code inFlight} intervals over [from, to) to the windows it spans. */
    private static void addBusy(double[] windows, long from, long to, int inFlight, long windowNanos) {
        long at = from;
        while (inFlight > 0 && at < to) {
            int w = (int) (at / windowNanos);
            long windowEnd = Math.min(to, (w + 1) * windowNanos);
            windows[Math.min(w, windows.length - 1)] += (double) inFlight * (windowEnd - at);
            at = windowEnd;
        }
    }
}
