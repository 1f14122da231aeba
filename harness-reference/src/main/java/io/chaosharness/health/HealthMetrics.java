package io.chaosharness.health;

import io.chaosharness.core.Percentiles;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.BudgetRefusalEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.core.event.PoolTimeoutEvent;
import io.chaosharness.core.event.RetryEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Health metrics derived from the timeline: a recorder subscription feeds a bounded ring of the last
 * {@value #DEBUG_WINDOW} {@link AttemptEvent}s and a few counters; nothing else is bookkept. Pool gauges are read on
 * demand and recorded as {@link PoolGaugeEvent}s ({@link #sampleGauges()} or a bounded {@link #startSampler}).
 *
 * <p>Note: the subscription sees events appended after construction; create the metrics with the pool.
 */
public final class HealthMetrics implements AutoCloseable {

    /** Attempts the health report's success rate and latencies cover (the seed plan: last 100). */
    public static final int HEALTH_WINDOW = 100;
    /** Attempts the debug report keeps (the seed plan: last 1000). */
    public static final int DEBUG_WINDOW = 1000;
    /**
     * The status is judged on time, not on a count of attempts: the attempts of the last {@code STATUS_WINDOW}
     * (at most {@value #DEBUG_WINDOW}, the most recent), so a full outage reads {@code unhealthy} within seconds and a
     * recovered database {@code healthy} once its failures are that old, however quiet the service is.
     */
    public static final Duration STATUS_WINDOW = Duration.ofSeconds(3);
    /** Fewer attempts than this in the status window say nothing about a success rate. */
    public static final int STATUS_MIN_ATTEMPTS = 5;
    /**
     * No successful attempt for this long while work failed, waits for the pool or is in flight is a stall: an
     * outage whose attempts have not failed yet (they wait out the pool timeout) still reads {@code unhealthy}.
     */
    public static final Duration STALL_AFTER = Duration.ofSeconds(3);

    private final EventRecorder recorder;
    private final Function<Instant, PoolGaugeEvent> gauges;
    private final Supplier<String> breakerState;
    private final DataSource serverQueries;
    private final UnaryOperator<String> masker;
    private final AutoCloseable subscription;

    private final ArrayDeque<AttemptEvent> ring = new ArrayDeque<>(DEBUG_WINDOW);
    private final TreeMap<String, Long> errorPatterns = new TreeMap<>();
    private AttemptEvent lastFailure;
    private AttemptEvent lastSuccess;
    private long retries;
    private long budgetRefusals;
    private long poolTimeouts;
    private long fallbacks;
    private long retriedOperations;
    private long retrySuccesses;

    /**
     * @param gauges        builds a gauge sample stamped with the given instant
     * @param breakerState  the breaker's state name
     * @param serverQueries where the pg_stat_activity queries run (may be {@code null}: no server section)
     */
    public HealthMetrics(EventRecorder recorder, Function<Instant, PoolGaugeEvent> gauges,
                         Supplier<String> breakerState, DataSource serverQueries, UnaryOperator<String> masker) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.gauges = Objects.requireNonNull(gauges, "gauges");
        this.breakerState = Objects.requireNonNull(breakerState, "breakerState");
        this.serverQueries = serverQueries;
        this.masker = masker == null ? Secrets::mask : masker;
        this.subscription = recorder.subscribe(this::onEvent);
    }

    private void onEvent(HarnessEvent event) {
        if (event instanceof AttemptEvent a) {
            synchronized (this) {
                if (ring.size() == DEBUG_WINDOW) {
                    ring.removeFirst();
                }
                ring.addLast(a);
                if (a.outcome() == Outcome.SUCCESS) {
                    lastSuccess = a;
                } else {
                    lastFailure = a;
                    errorPatterns.merge(a.failureClass() + " " + (a.sqlState() == null ? "-" : a.sqlState()), 1L,
                            Long::sum);
                }
            }
        } else if (event instanceof OperationEvent o) {
            if (o.attempts() > 1) {
                synchronized (this) {
                    retriedOperations++;
                    if (o.outcome() == Outcome.SUCCESS) {
                        retrySuccesses++;
                    }
                }
            }
        } else if (event instanceof RetryEvent) {
            synchronized (this) {
                retries++;
            }
        } else if (event instanceof BudgetRefusalEvent) {
            synchronized (this) {
                budgetRefusals++;
            }
        } else if (event instanceof PoolTimeoutEvent) {
            synchronized (this) {
                poolTimeouts++;
            }
        } else if (event instanceof FallbackEvent) {
            synchronized (this) {
                fallbacks++;
            }
        }
    }

    /** Reads the pool gauges now and records them as a {@link PoolGaugeEvent}. */
    public PoolGaugeEvent sampleGauges() {
        return recorder.record(gauges);
    }

    /**
     * Samples the gauges every {@code period} on a daemon thread, at most {@code maxSamples} times. Close the handle
     * to stop early.
     */
    public AutoCloseable startSampler(Duration period, int maxSamples) {
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException("period must be at least 1 ms, but was " + period);
        }
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be at least 1, but was " + maxSamples);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-gauge-sampler");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger taken = new AtomicInteger();
        timer.scheduleAtFixedRate(() -> {
            if (taken.incrementAndGet() > maxSamples) {
                timer.shutdown();
                return;
            }
            sampleGauges();
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** The last {@code n} attempts (at most {@value #DEBUG_WINDOW}), oldest first. */
    public synchronized List<AttemptEvent> recentAttempts(int n) {
        List<AttemptEvent> all = new ArrayList<>(ring);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** The attempts recorded in the last {@link #STATUS_WINDOW} (at most {@value #DEBUG_WINDOW}), oldest first. */
    public synchronized List<AttemptEvent> attemptsSince(Instant from) {
        ArrayDeque<AttemptEvent> recent = new ArrayDeque<>();
        var it = ring.descendingIterator();
        while (it.hasNext()) {
            AttemptEvent a = it.next();
            if (a.at().isBefore(from)) {
                break;
            }
            recent.addFirst(a);
        }
        return List.copyOf(recent);
    }

    /** Success ratio 0..1 over the last {@value #HEALTH_WINDOW} attempts; 1 when there were none. */
    public double successRate() {
        List<AttemptEvent> window = recentAttempts(HEALTH_WINDOW);
        if (window.isEmpty()) {
            return 1.0;
        }
        long ok = window.stream().filter(a -> a.outcome() == Outcome.SUCCESS).count();
        return (double) ok / window.size();
    }

    public synchronized long retries() {
        return retries;
    }

    public synchronized long budgetRefusals() {
        return budgetRefusals;
    }

    public synchronized long poolTimeouts() {
        return poolTimeouts;
    }

    /** Fallbacks engaged (every {@link FallbackEvent}, granted or not). */
    public synchronized long fallbacks() {
        return fallbacks;
    }

    /** The last failed attempt, if any. */
    public synchronized AttemptEvent lastFailure() {
        return lastFailure;
    }

    /** The health report, without the server section. */
    public HealthReport report() {
        return report(false);
    }

    /** The health report; with {@code includeServer} it also runs the pg_stat_activity queries (bounded, 5 s). */
    public HealthReport report(boolean includeServer) {
        PoolGaugeEvent g = sampleGauges();
        List<AttemptEvent> window = recentAttempts(HEALTH_WINDOW);
        double[] latencies = window.stream().mapToDouble(AttemptEvent::latencyMs).sorted().toArray();
        long ok = window.stream().filter(a -> a.outcome() == Outcome.SUCCESS).count();
        double successRatio = window.isEmpty() ? 1.0 : (double) ok / window.size();
        double avg = Arrays.stream(latencies).average().orElse(0.0);
        AttemptEvent last;
        AttemptEvent lastOk;
        HealthReport.Resilience resilience;
        String breaker = breakerState.get();
        Instant now = g.at();
        List<AttemptEvent> recent = attemptsSince(now.minus(STATUS_WINDOW));
        long recentOk = recent.stream().filter(a -> a.outcome() == Outcome.SUCCESS).count();
        double recentRatio = recent.isEmpty() ? 1.0 : (double) recentOk / recent.size();
        synchronized (this) {
            last = lastFailure;
            lastOk = lastSuccess;
            resilience = new HealthReport.Resilience(retries, budgetRefusals, poolTimeouts, fallbacks, breaker);
        }
        HealthReport.Metrics metrics = new HealthReport.Metrics(percent(successRatio), Math.round(avg) + "ms",
                last == null ? null : last.at(), last == null ? null : last.failureClass(), window.size(),
                successRatio, round2(avg), round2(percentile(latencies, 0.95)), round2(percentile(latencies, 0.99)),
                lastOk == null ? null : lastOk.at(), recent.size(), recentRatio);
        double utilisation = g.utilisation();
        HealthReport.Connections connections = new HealthReport.Connections(g.active(), g.max(),
                percent(utilisation), utilisation, g.total(), g.idle(), g.waiting());
        String status = status(breaker, g, recent, recentRatio, lastOk, now);
        return new HealthReport(status, connections, metrics, resilience, includeServer ? serverActivity() : null);
    }

    /**
     * The status, judged on the last {@link #STATUS_WINDOW}:
     * <ul>
     *   <li>{@code unhealthy}: the breaker is open; or at least {@value #STATUS_MIN_ATTEMPTS} recent attempts and
     *       fewer than half succeeded; or a stall — no successful attempt for {@link #STALL_AFTER} while attempts
     *       failed recently, threads wait for the pool or connections are in use;</li>
     *   <li>{@code degraded}: the breaker is half open; or at least {@value #STATUS_MIN_ATTEMPTS} recent attempts and
     *       fewer than 95 % succeeded; or the pool is at 90 % or has waiters;</li>
     *   <li>{@code healthy} otherwise, also when nothing ran recently (a quiet service is not a sick one).</li>
     * </ul>
     */
    static String status(String breaker, PoolGaugeEvent g, List<AttemptEvent> recent, double recentRatio,
                         AttemptEvent lastSuccess, Instant now) {
        boolean sampled = recent.size() >= STATUS_MIN_ATTEMPTS;
        boolean recentFailure = recent.stream().anyMatch(a -> a.outcome() == Outcome.FAILURE);
        boolean demand = recentFailure || g.waiting() > 0 || g.active() > 0;
        boolean stalled = demand && (lastSuccess == null || lastSuccess.at().isBefore(now.minus(STALL_AFTER)));
        if ("OPEN".equals(breaker) || "FORCED_OPEN".equals(breaker) || (sampled && recentRatio < 0.5) || stalled) {
            return "unhealthy";
        }
        if ("HALF_OPEN".equals(breaker) || (sampled && recentRatio < 0.95) || g.utilisation() >= 0.9
                || g.waiting() > 0) {
            return "degraded";
        }
        return "healthy";
    }

    /** The debug report: last {@value #DEBUG_WINDOW} attempts, error patterns, retry rates. */
    public DebugReport debugReport() {
        HealthReport health = report(false);
        List<AttemptEvent> attempts = recentAttempts(DEBUG_WINDOW);
        synchronized (this) {
            long failures = retriedOperations - retrySuccesses;
            double successRate = retriedOperations == 0 ? 1.0 : (double) retrySuccesses / retriedOperations;
            return new DebugReport(health, attempts, Map.copyOf(errorPatterns), retriedOperations, retrySuccesses,
                    failures, successRate, retriedOperations == 0 ? 0.0 : 1.0 - successRate);
        }
    }

    /** Runs the seed plan's Appendix C queries; failures come back in {@link ServerActivity#error()}. */
    public ServerActivity serverActivity() {
        if (serverQueries == null) {
            return ServerActivity.failed("no data source for server queries");
        }
        try (Connection c = serverQueries.getConnection()) {
            long total;
            long active;
            long idle;
            double utilisation;
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(5);
                try (ResultSet rs = s.executeQuery("""
                        SELECT COUNT(*) AS total_connections,
                               COUNT(*) FILTER (WHERE state = 'active') AS active,
                               COUNT(*) FILTER (WHERE state = 'idle') AS idle,
                               ROUND(100.0 * COUNT(*) / (SELECT setting::int FROM pg_settings
                                                         WHERE name = 'max_connections'), 2) AS utilization_percent
                        FROM pg_stat_activity""")) {
                    rs.next();
                    total = rs.getLong(1);
                    active = rs.getLong(2);
                    idle = rs.getLong(3);
                    utilisation = rs.getDouble(4);
                }
            }
            List<ServerActivity.Source> sources = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT application_name, client_addr::text, COUNT(*) AS connection_count,
                           array_agg(DISTINCT coalesce(state, 'unknown')) AS states
                    FROM pg_stat_activity
                    WHERE datname = current_database()
                    GROUP BY application_name, client_addr
                    ORDER BY connection_count DESC""")) {
                p.setQueryTimeout(5);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Array states = rs.getArray(4);
                        List<String> stateList = states == null ? List.of() : List.of((String[]) states.getArray());
                        sources.add(new ServerActivity.Source(rs.getString(1), rs.getString(2), rs.getLong(3),
                                stateList));
                    }
                }
            }
            return new ServerActivity(total, active, idle, utilisation, List.copyOf(sources), null);
        } catch (SQLException | RuntimeException e) {
            return ServerActivity.failed(masker.apply(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /** Nearest rank ({@link Percentiles}) of a sorted sample, {@code p} as a fraction (0.99); 0 when empty. */
    static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0.0 : Percentiles.ofSorted(sorted, sorted.length, p * 100.0);
    }

    private static String percent(double ratio) {
        double pct = Math.round(ratio * 1000.0) / 10.0;
        return (pct == Math.rint(pct) ? String.valueOf((long) pct) : String.valueOf(pct)) + "%";
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** Stops listening to the recorder. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not unsubscribe health metrics", e);
        }
    }
}
