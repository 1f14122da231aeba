package io.chaosharness.adapters.hikari;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.chaosharness.adapters.Observation;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.core.event.PoolTimeoutEvent;
import io.chaosharness.sut.Insight;
import io.chaosharness.sut.SystemContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A HikariCP pool on the run's timeline, in one line of the system under test's {@code start}:
 * <pre>{@code HikariAdapter.observe(dataSource, context);}</pre>
 * <ul>
 *   <li>Pool gauges: every {@link #PERIOD} a {@link PoolGaugeEvent} from the pool's {@link HikariPoolMXBean}
 *       (total, active, idle, threads awaiting a connection) with {@code maximumPoolSize} as the pool's size, on one
 *       daemon thread; it stops by itself when the pool is closed, after {@link #MAX_SAMPLES} or on
 *       {@link Observation#close()}.</li>
 *   <li>Pool timeouts: a {@link PoolTimeoutEvent} with the pool snapshot each time {@code getConnection()} gives up
 *       after {@code connectionTimeout}, through the pool's {@link MetricsTrackerFactory} (HikariCP allows one per
 *       pool: where the application already set one, or a metric registry, timeouts are not observed and a note on
 *       the timeline says so; the gauges still are).</li>
 * </ul>
 */
public final class HikariAdapter {

    /** How often the gauges are sampled. */
    public static final Duration PERIOD = Duration.ofMillis(250);
    /** Most samples one observation takes (four hours at {@link #PERIOD}). */
    public static final int MAX_SAMPLES = 4 * 60 * 60 * 4;

    private HikariAdapter() {
    }

    /** Observes {@code dataSource} onto {@link SystemContext#recorder()}. */
    public static Observation observe(HikariDataSource dataSource, SystemContext context) {
        return observe(dataSource, Objects.requireNonNull(context, "context").recorder());
    }

    /** Observes {@code dataSource} onto {@code recorder}. */
    public static Observation observe(HikariDataSource dataSource, EventRecorder recorder) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(recorder, "recorder");
        if (dataSource.isClosed()) {
            throw new IllegalArgumentException("dataSource must be open, but pool '" + dataSource.getPoolName()
                    + "' is closed");
        }
        String source = "hikari pool '" + dataSource.getPoolName() + "'";
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "harness-gauges-" + dataSource.getPoolName());
            t.setDaemon(true);
            return t;
        });
        Observation observation = new Observation(source, sampler::shutdownNow);
        boolean timeouts = trackTimeouts(dataSource, recorder, observation);
        recorder.record(at -> new InsightEvent(at, Insight.POOL_GAUGES.name(), source));
        if (timeouts) {
            recorder.record(at -> new InsightEvent(at, Insight.POOL_TIMEOUTS.name(), source));
        } else {
            recorder.record(at -> new NoteEvent(at, dataSource.getPoolName(), "pool timeouts not observed: the pool "
                    + "already has a metrics tracker or metric registry (HikariCP allows one)"));
        }
        AtomicInteger samples = new AtomicInteger();
        sampler.scheduleAtFixedRate(() -> {
            if (!observation.isOpen() || dataSource.isClosed() || samples.incrementAndGet() > MAX_SAMPLES) {
                observation.close();
                return;
            }
            HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
            if (pool == null) {
                return; // a lazily started pool has not started yet
            }
            int max = dataSource.getMaximumPoolSize();
            recorder.record(at -> new PoolGaugeEvent(at, dataSource.getPoolName(), pool.getTotalConnections(),
                    pool.getActiveConnections(), pool.getIdleConnections(), pool.getThreadsAwaitingConnection(),
                    max));
        }, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return observation;
    }

    private static boolean trackTimeouts(HikariDataSource dataSource, EventRecorder recorder, Observation observation) {
        if (dataSource.getMetricsTrackerFactory() != null || dataSource.getMetricRegistry() != null) {
            return false;
        }
        MetricsTrackerFactory factory = (poolName, stats) -> new IMetricsTracker() {
            @Override
            public void recordConnectionTimeout() {
                if (!observation.isOpen()) {
                    return;
                }
                HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
                long waited = dataSource.getConnectionTimeout();
                if (pool == null) {
                    recorder.record(at -> new PoolTimeoutEvent(at, poolName, 0, 0, 0, 0, waited));
                } else {
                    recorder.record(at -> new PoolTimeoutEvent(at, poolName, pool.getTotalConnections(),
                            pool.getActiveConnections(), pool.getIdleConnections(),
                            pool.getThreadsAwaitingConnection(), waited));
                }
            }
        };
        try {
            dataSource.setMetricsTrackerFactory(factory);
            return true;
        } catch (IllegalStateException set) {
            return false;
        }
    }
}
