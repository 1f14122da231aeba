package io.chaosharness.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A paired A/B for busy machines, next to the JMH run: in one JVM, alternate short rounds of bare HikariCP and
 * {@code withRetry} (same setup as {@link WithRetryBenchmark}) and report the median of the per-pair throughput
 * ratios. Load that changes slowly hits both halves of a pair alike, so the median ratio is steadier than two
 * sequential JMH runs. It also reports the client CPU time per call of each side (thread CPU time, which other
 * processes' load does not inflate): the difference is what {@code withRetry} itself costs. Bounded: {@code rounds} pairs of {@code roundMs} each.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.chaosharness.bench.AlternatingAB 20 1000 2}</pre>
 */
public final class AlternatingAB {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private AlternatingAB() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long roundMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        WithRetryBenchmark b = new WithRetryBenchmark();
        b.setUp();
        try {
            for (int i = 0; i < 3; i++) { // extra warm-up rounds
                measure(b, false, roundMs, threads);
                measure(b, true, roundMs, threads);
                b.forgetEvents();
            }
            for (int side = 0; side < 2; side++) {
                CPU_NANOS[side].set(0);
                CPU_OPS[side].set(0);
            }
            List<Double> ratios = new ArrayList<>();
            double bareSum = 0;
            double retrySum = 0;
            for (int r = 0; r < rounds; r++) {
                boolean retryFirst = r % 2 == 1; // alternate the order inside a pair too
                double first = measure(b, retryFirst, roundMs, threads);
                double second = measure(b, !retryFirst, roundMs, threads);
                double bare = retryFirst ? second : first;
                double retry = retryFirst ? first : second;
                bareSum += bare;
                retrySum += retry;
                ratios.add(retry / bare);
                b.forgetEvents();
                System.out.printf("pair %2d: bare %9.0f ops/s, withRetry %9.0f ops/s, ratio %.4f%n", r + 1, bare, retry,
                        retry / bare);
            }
            Collections.sort(ratios);
            double median = ratios.size() % 2 == 1 ? ratios.get(ratios.size() / 2)
                    : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2;
            System.out.printf("mean bare %.0f ops/s, mean withRetry %.0f ops/s, median ratio %.4f (%+.2f %%), "
                            + "quartiles %.4f..%.4f%n", bareSum / rounds, retrySum / rounds, median, (median - 1) * 100,
                    ratios.get(ratios.size() / 4), ratios.get(ratios.size() * 3 / 4));
            double bareCpu = (double) CPU_NANOS[0].get() / CPU_OPS[0].get();
            double retryCpu = (double) CPU_NANOS[1].get() / CPU_OPS[1].get();
            System.out.printf("client CPU per call: bare %.0f ns, withRetry %.0f ns (+%.0f ns per call)%n", bareCpu,
                    retryCpu, retryCpu - bareCpu);
        } finally {
            b.tearDown();
        }
    }

    /** Client CPU nanoseconds spent per side (index 0 bare, 1 withRetry) and operations done, over all rounds. */
    private static final AtomicLong[] CPU_NANOS = {new AtomicLong(), new AtomicLong()};
    private static final AtomicLong[] CPU_OPS = {new AtomicLong(), new AtomicLong()};

    private static double measure(WithRetryBenchmark b, boolean withRetry, long roundMs, int threads)
            throws InterruptedException {
        AtomicLong ops = new AtomicLong();
        int side = withRetry ? 1 : 0;
        CountDownLatch done = new CountDownLatch(threads);
        long deadline = System.nanoTime() + roundMs * 1_000_000L;
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long n = 0;
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                try {
                    while (System.nanoTime() < deadline) {
                        if (withRetry) {
                            b.withRetry();
                        } else {
                            b.bareHikari();
                        }
                        n++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    CPU_NANOS[side].addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                    CPU_OPS[side].addAndGet(n);
                    ops.addAndGet(n);
                    done.countDown();
                }
            }, "ab-" + t);
            worker.start();
        }
        done.await();
        return ops.get() * 1000.0 / roundMs;
    }
}
