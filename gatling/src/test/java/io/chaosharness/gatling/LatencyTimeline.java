package io.chaosharness.gatling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Response times of the simulation's HTTP responses in fixed time buckets (lock-free; fed by a Gatling check on the
 * load generator's threads), so recovery after a fault and p99 drift over a soak can be computed. Each bucket is a
 * small histogram: 1 ms bins to 200 ms, 10 ms bins to 2 s, 1 s bins to 60 s, then one overflow bin. Memory is bounded
 * by {@code maxBuckets}; responses after the last bucket are counted in {@link #late()}. Requests that got no response
 * at all (connection refused) are not seen here: Gatling's own statistics count those.
 */
final class LatencyTimeline {

    private static final int BINS = 200 + 180 + 58 + 1;

    private final long startMs;
    private final long bucketMs;
    private final int maxBuckets;
    private final AtomicIntegerArray counts;
    private final AtomicLong late = new AtomicLong();

    LatencyTimeline(long startMs, long bucketMs, int maxBuckets) {
        this.startMs = startMs;
        this.bucketMs = bucketMs;
        this.maxBuckets = maxBuckets;
        this.counts = new AtomicIntegerArray(maxBuckets * BINS);
    }

    void record(long atMs, long latencyMs) {
        long b = (atMs - startMs) / bucketMs;
        if (b < 0 || b >= maxBuckets) {
            late.incrementAndGet();
            return;
        }
        counts.incrementAndGet((int) b * BINS + bin(latencyMs));
    }

    long late() {
        return late.get();
    }

    long bucketMs() {
        return bucketMs;
    }

    long startMs() {
        return startMs;
    }

    static int bin(long ms) {
        if (ms < 200) {
            return (int) Math.max(0, ms);
        } else if (ms < 2000) {
            return 200 + (int) ((ms - 200) / 10);
        } else if (ms < 60_000) {
            return 380 + (int) ((ms - 2000) / 1000);
        }
        return BINS - 1;
    }

    /** The upper edge of a bin, in ms (a conservative percentile). */
    static long upper(int bin) {
        if (bin < 200) {
            return bin + 1;
        } else if (bin < 380) {
            return 200 + (bin - 200 + 1) * 10L;
        } else if (bin < BINS - 1) {
            return 2000 + (bin - 380 + 1) * 1000L;
        }
        return Long.MAX_VALUE;
    }

    /** Responses in bucket {@code b}. */
    long count(int b) {
        long n = 0;
        for (int i = 0; i < BINS; i++) {
            n += counts.get(b * BINS + i);
        }
        return n;
    }

    /** The {@code p}-th percentile (0..100) of buckets {@code from} to {@code to} inclusive, or -1 if empty. */
    long percentile(int from, int to, double p) {
        long[] merged = new long[BINS];
        long total = 0;
        for (int b = Math.max(0, from); b <= Math.min(to, maxBuckets - 1); b++) {
            for (int i = 0; i < BINS; i++) {
                int c = counts.get(b * BINS + i);
                merged[i] += c;
                total += c;
            }
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += merged[i];
            if (seen >= Math.max(1, rank)) {
                return upper(i);
            }
        }
        return Long.MAX_VALUE;
    }

    int bucketOf(long atMs) {
        return (int) ((atMs - startMs) / bucketMs);
    }

    int lastNonEmptyBucket() {
        for (int b = maxBuckets - 1; b >= 0; b--) {
            if (count(b) > 0) {
                return b;
            }
        }
        return -1;
    }

    /**
     * Milliseconds from {@code faultEndMs} to the start of the first bucket from which {@code sustain} consecutive
     * buckets with responses (before {@code untilMs}) all have a p99 under {@code thresholdMs}; {@code null} if that
     * never happens. Sustained rather than "until the end", so one later, unrelated hiccup (a GC pause, a busy
     * neighbour on a shared machine) is not mistaken for an unfinished recovery.
     */
    Long recoveryMs(long faultEndMs, long untilMs, long thresholdMs, int sustain) {
        int first = bucketOf(faultEndMs);
        int last = Math.min(bucketOf(untilMs) - 1, lastNonEmptyBucket());
        int run = 0;
        int runStart = -1;
        for (int b = Math.max(0, first); b <= last; b++) {
            if (count(b) == 0) {
                continue;
            }
            if (percentile(b, b, 99.0) < thresholdMs) {
                if (run == 0) {
                    runStart = b;
                }
                if (++run >= sustain) {
                    long settledAt = startMs + (long) runStart * bucketMs;
                    return Math.max(0, settledAt - faultEndMs);
                }
            } else {
                run = 0;
            }
        }
        return null;
    }

    /** p99 per bucket with responses: [bucketStartOffsetMs, count, p99]. */
    List<long[]> p99Series() {
        List<long[]> out = new ArrayList<>();
        int last = lastNonEmptyBucket();
        for (int b = 0; b <= last; b++) {
            long n = count(b);
            if (n > 0) {
                out.add(new long[] {(long) b * bucketMs, n, percentile(b, b, 99.0)});
            }
        }
        return out;
    }
}
