package io.chaosharness.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * The seed plan's stability run ("8-hour continuous session test"): steady users for {@code -Dsoak.duration}
 * (2 m by default; {@code -Dsoak.duration=8h} for the seed's run) with objectives: p99 &lt; 100 ms, a steady p99 (the
 * last quarter's within 1.5x or +25 ms of the first quarter's, ramps left out, and under 100 ms), failed &lt; 1 %, zero emergency-admin responses, no pool growth (open connections never above the limit and
 * PostgreSQL sees no more backends than the pool's), and no leaks in the local stack (live threads and heap after GC
 * at the end within bounds of the start). Parameters: {@code -Dsoak.users} (50), {@code -Dthink} (1 s).
 */
public class Soak extends Simulation {

    private final int users = Params.integer("soak.users", 50, 1, 5000);
    private final Duration duration = Params.duration("soak.duration", Duration.ofMinutes(2), Duration.ofSeconds(60),
            Duration.ofHours(24));
    private final Duration ramp = Duration.ofSeconds(5);
    private final Duration think = Params.duration("think", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1));
    private final long windowMs = duration.compareTo(Duration.ofMinutes(10)) <= 0 ? 10_000 : 60_000;
    private final Load load = new Load("Soak", ramp.plus(duration), windowMs);
    private HealthSampler health;
    private int threadsAtStart;
    private long heapAtStart;

    {
        ScenarioBuilder soak = load.pacedUsers("soak", duration, think);
        setUp(soak.injectOpen(rampUsers(users).during(ramp)))
                .protocols(load.protocol())
                .maxDuration(ramp.plus(duration).plusSeconds(60))
                .assertions(
                        global().responseTime().percentile(99.0).lt(100),
                        global().failedRequests().percent().lt(1.0));
    }

    @Override
    public void before() {
        load.before(users);
        health = load.startHealthSampler(ramp.plus(duration).plusSeconds(60));
        threadsAtStart = ManagementFactory.getThreadMXBean().getThreadCount();
        heapAtStart = heapAfterGc();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void after() {
        try {
            health.close();
            List<long[]> series = load.timeline.p99Series();
            long worst = series.stream().mapToLong(w -> w[2]).max().orElse(-1);
            // Windows of the ramp-up and of the ramp-down (users finishing) are not steady state: leave them out.
            int firstFull = load.timeline.bucketOf(load.record.startedAt.toEpochMilli() + ramp.toMillis()) + 1;
            int lastFull = load.timeline.lastNonEmptyBucket() - 1;
            int quarter = Math.max(1, (lastFull - firstFull + 1) / 4);
            long firstP99 = load.timeline.percentile(firstFull, firstFull + quarter - 1, 99.0);
            long lastP99 = load.timeline.percentile(lastFull - quarter + 1, lastFull, 99.0);
            // A soak looks for drift (leaks, pool exhaustion, fragmentation show as a slowly rising tail), so the
            // last quarter is compared with the first; one noisy window is reported but is not drift.
            boolean steady = lastFull - firstFull + 1 >= 4 && firstP99 >= 0 && lastP99 >= 0 && lastP99 < 100
                    && lastP99 <= Math.max(firstP99 * 3 / 2, firstP99 + 25);
            load.criterion("steady p99: last quarter < 100 ms and at most 1.5x (or +25 ms) the first quarter", steady,
                    "first quarter p99 " + firstP99 + " ms, last quarter " + lastP99 + " ms, worst " + windowMs / 1000
                            + " s window " + worst + " ms, " + series.size() + " windows");
            load.criterion("no pool growth: open connections never above connection_limit",
                    health.samples() > 0 && health.maxTotal() <= health.max(),
                    "max open " + health.maxTotal() + " of " + health.max() + " (first " + health.firstTotal()
                            + ", last " + health.lastTotal() + ", " + health.samples() + " samples)");
            load.target.serverBackends().ifPresent(n -> load.criterion(
                    "PostgreSQL sees no more harness backends than the pool holds", n <= health.max(),
                    n + " backends, connection_limit " + health.max()));
            if (load.target.local()) {
                int threads = ManagementFactory.getThreadMXBean().getThreadCount();
                long heap = heapAfterGc();
                long growthMb = (heap - heapAtStart) / (1024 * 1024);
                load.criterion("no thread leak: live threads at end <= start + 10", threads <= threadsAtStart + 10,
                        threadsAtStart + " -> " + threads);
                load.criterion("no heap leak: heap after GC grew < 128 MB", growthMb < 128,
                        heapAtStart / (1024 * 1024) + " MB -> " + heap / (1024 * 1024) + " MB");
            }
        } finally {
            load.after();
        }
    }
}
