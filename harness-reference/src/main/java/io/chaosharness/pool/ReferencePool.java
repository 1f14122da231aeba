package io.chaosharness.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.chaosharness.availability.AvailabilityChecker;
import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.core.event.PoolTimeoutEvent;
import io.chaosharness.health.HealthMetrics;
import io.chaosharness.retry.ResilienceConfig;
import io.chaosharness.retry.RetryExecutor;
import io.chaosharness.retry.SqlOperation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference pool the harness proves: HikariCP over pgjdbc's {@link PGSimpleDataSource} (so loginTimeout really
 * applies, unlike jdbcUrl mode), with {@link #withRetry} (Resilience4j retry with seeded jitter, circuit breaker,
 * shared retry budget), the availability check and health metrics, all recording onto one {@link EventRecorder}.
 *
 * <pre>{@code
 * try (ReferencePool pool = ReferencePool.builder(PoolSettings.parse(url)).recorder(recorder).seed(seed).start()) {
 *     int one = pool.withRetry("select-1", true, c -> { try (var s = c.createStatement();
 *             var rs = s.executeQuery("SELECT 1")) { rs.next(); return rs.getInt(1); } });
 * }
 * }</pre>
 * The pool starts even when the database is down ({@code initializationFailTimeout = -1}); connections are opened in
 * the background, and the first calls fail (and retry) like any outage. Thread-safe.
 */
public final class ReferencePool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferencePool.class);

    private final PoolSettings settings;
    private final ResilienceConfig resilience;
    private final EventRecorder recorder;
    private final long seed;
    private final PGSimpleDataSource driverDataSource;
    private final HikariDataSource hikari;
    private final PGSimpleDataSource probeDataSource;
    private final RecoveryProbe probe;
    private final GatedDataSource gate;
    private volatile RetryExecutor executorRef;
    private final RetryExecutor executor;
    private final AvailabilityChecker availability;
    private final HealthMetrics health;
    private final EffectiveSettings effective;
    private final UnaryOperator<String> masker;

    private ReferencePool(Builder b) {
        this.settings = b.settings;
        this.resilience = b.resilience;
        this.recorder = b.recorder;
        this.seed = b.seed;
        DatabaseUrl url = settings.url();
        String password = url.revealPassword();
        this.masker = text -> Secrets.mask(text, password);

        driverDataSource = new PGSimpleDataSource();
        try {
            for (Map.Entry<String, String> e : url.driverProperties().entrySet()) {
                driverDataSource.setProperty(e.getKey(), e.getValue());
            }
        } catch (SQLException e) {
            throw new InvalidDatabaseUrlException("driver property", masker.apply(e.getMessage()));
        }
        driverDataSource.setServerNames(new String[] {url.host()});
        driverDataSource.setPortNumbers(new int[] {url.port()});
        driverDataSource.setDatabaseName(url.database());
        driverDataSource.setUser(url.user());
        driverDataSource.setPassword(password);
        driverDataSource.setApplicationName(settings.applicationName());
        int connectTimeout = (int) url.connectTimeout().toSeconds();
        driverDataSource.setConnectTimeout(connectTimeout);
        driverDataSource.setLoginTimeout(connectTimeout);
        int socketTimeout = resilience.socketTimeoutEnabled() ? (int) settings.socketTimeout().toSeconds() : 0;
        driverDataSource.setSocketTimeout(socketTimeout);
        long statementTimeoutMs = url.statementTimeout().toMillis();
        if (statementTimeoutMs > 0) {
            String extra = url.driverProperties().get("options");
            driverDataSource.setOptions("-c statement_timeout=" + statementTimeoutMs
                    + (extra == null || extra.isBlank() ? "" : " " + extra));
        }

        // The recovery probe connects outside the pool with a 1 s connect and login timeout (pgjdbc's smallest), so
        // that the moment the database accepts connections again is seen within tens of milliseconds.
        probeDataSource = new PGSimpleDataSource();
        try {
            for (Map.Entry<String, String> e : url.driverProperties().entrySet()) {
                probeDataSource.setProperty(e.getKey(), e.getValue());
            }
        } catch (SQLException e) {
            throw new InvalidDatabaseUrlException("driver property", masker.apply(e.getMessage()));
        }
        probeDataSource.setServerNames(new String[] {url.host()});
        probeDataSource.setPortNumbers(new int[] {url.port()});
        probeDataSource.setDatabaseName(url.database());
        probeDataSource.setUser(url.user());
        probeDataSource.setPassword(password);
        probeDataSource.setApplicationName(settings.applicationName() + "-probe");
        probeDataSource.setConnectTimeout(1);
        probeDataSource.setLoginTimeout(1);
        probeDataSource.setSocketTimeout(1);
        probe = new RecoveryProbe(settings.poolName(), probeDataSource, recorder, b.probeInterval, b.probeMaxArmed,
                b.probeMaxAttempts, this::onDatabaseBack, masker);

        HikariConfig hc = new HikariConfig();
        hc.setPoolName(settings.poolName());
        gate = resilience.recoveryProbeEnabled()
                ? new GatedDataSource(driverDataSource, probe, url.connectTimeout().toMillis(),
                        b.probeInterval.toMillis(), recorder, settings.poolName())
                : null;
        hc.setDataSource(gate != null ? gate : driverDataSource);
        hc.setMaximumPoolSize(url.connectionLimit());
        hc.setConnectionTimeout(url.poolTimeout().toMillis());
        hc.setInitializationFailTimeout(-1);
        hikari = new HikariDataSource(hc);
        // HikariCP overwrites the data source's loginTimeout with its own connectionTimeout during start-up
        // (PoolBase.setLoginTimeout); connect_timeout says how long a login may take, so apply it again.
        driverDataSource.setLoginTimeout(connectTimeout);

        effective = readEffective(statementTimeoutMs);
        executor = new RetryExecutor(settings.poolName(), gate != null ? new TimeoutCause(hikari, gate) : hikari,
                resilience, recorder, seed, this::onPoolTimeout, masker,
                resilience.recoveryProbeEnabled() ? new Signal() : null);
        executorRef = executor;
        // while the probe knows the database refuses, availability checks wait for its return instead of queueing in
        // the pool ahead of the operations whose success closes the breaker
        availability = resilience.recoveryProbeEnabled()
                ? new AvailabilityChecker(settings.poolName(), hikari, recorder, b.availability, masker,
                        this::awaitAccepting, url.poolTimeout())
                : new AvailabilityChecker(settings.poolName(), hikari, recorder, b.availability, masker);
        health = new HealthMetrics(recorder, this::gauges, executor::breakerState, hikari, masker);
        String line = "started: " + effective + ", " + resilience + ", seed " + seed;
        LOG.info("{} - {}", settings.poolName(), line);
        recorder.record(at -> new NoteEvent(at, settings.poolName(), line));
    }

    private EffectiveSettings readEffective(long statementTimeoutMs) {
        return new EffectiveSettings(hikari.getPoolName(), settings.url().masked(),
                driverDataSource.getApplicationName(), hikari.getMaximumPoolSize(), hikari.getMinimumIdle(),
                hikari.getConnectionTimeout(), hikari.getValidationTimeout(), hikari.getIdleTimeout(),
                hikari.getMaxLifetime(), hikari.getKeepaliveTime(), hikari.getInitializationFailTimeout(),
                driverDataSource.getConnectTimeout(), driverDataSource.getLoginTimeout(),
                driverDataSource.getSocketTimeout(), statementTimeoutMs, driverDataSource.getOptions());
    }

    /** A builder for a pool with {@code settings}. */
    public static Builder builder(PoolSettings settings) {
        return new Builder(settings);
    }

    /** Starts a pool with default resilience and availability settings. */
    public static ReferencePool start(PoolSettings settings, EventRecorder recorder, long seed) {
        return builder(settings).recorder(recorder).seed(seed).start();
    }

    /** The pooled data source (HikariCP). Connections taken directly bypass retries and are not recorded. */
    public DataSource dataSource() {
        return hikari;
    }

    /**
     * The seed plan's {@code withRetry(operation)} with the configured defaults (3 retries from 1 s).
     *
     * @param operationName names the operation on the timeline
     * @param idempotent    whether repeating is harmless; a non-idempotent operation is repeated only when the
     *                      failure proves it never reached the server
     */
    public <T> T withRetry(String operationName, boolean idempotent, SqlOperation<T> operation) throws SQLException {
        return executor.execute(operationName, idempotent, operation);
    }

    /** {@code withRetry(operation, maxRetries, baseDelay)}: maxRetries 0..10 after the first attempt. */
    public <T> T withRetry(String operationName, boolean idempotent, int maxRetries, Duration baseDelay,
                           SqlOperation<T> operation) throws SQLException {
        return executor.execute(operationName, idempotent, maxRetries, baseDelay, operation);
    }

    /** A write deduplicated by {@code idempotencyKey}; repeated on every retryable failure. */
    public <T> T withIdempotencyKey(String operationName, String idempotencyKey, SqlOperation<T> operation)
            throws SQLException {
        return executor.executeWithIdempotencyKey(operationName, idempotencyKey, operation);
    }

    /** The seed plan's {@code isDatabaseAvailable()}: 3 attempts. */
    public boolean isDatabaseAvailable() {
        return availability.isDatabaseAvailable(3);
    }

    /** {@code isDatabaseAvailable(retryCount)}: up to {@code retryCount} bounded {@code SELECT 1} attempts. */
    public boolean isDatabaseAvailable(int retryCount) {
        return availability.isDatabaseAvailable(retryCount);
    }

    /** Health metrics and the health/debug reports, derived from the timeline. */
    public HealthMetrics health() {
        return health;
    }

    /** The pool's gauges now. */
    public PoolSnapshot snapshot() {
        HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
        if (mx == null) {
            return new PoolSnapshot(0, 0, 0, 0, effective.maximumPoolSize());
        }
        return new PoolSnapshot(mx.getTotalConnections(), mx.getActiveConnections(), mx.getIdleConnections(),
                mx.getThreadsAwaitingConnection(), effective.maximumPoolSize());
    }

    /** When the pool's connections were last retired after a broken connection ({@link System#nanoTime()}). */
    private final java.util.concurrent.atomic.AtomicLong lastEvictionNanos =
            new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    /**
     * The retries' recovery signal: the probe's, plus retiring a broken connection's siblings. A terminated backend
     * or a reset link rarely breaks one connection alone, and HikariCP evicts only the connection that failed, so
     * every other dead one would be handed out and fail in turn, each operation then waiting out its backoff.
     */
    private final class Signal implements io.chaosharness.retry.RecoverySignal {
        @Override
        public void suspect() {
            probe.suspect();
        }

        @Override
        public long sleepUnlessBack(long delayMs, long sinceNanos) throws InterruptedException {
            return probe.sleepUnlessBack(delayMs, sinceNanos);
        }

        @Override
        public boolean acceptingSince(long sinceNanos) throws InterruptedException {
            return probe.acceptingSince(sinceNanos);
        }

        @Override
        public void connectionBroken(String sqlState, long attemptStartNanos) {
            evictAfterBrokenConnection(sqlState, attemptStartNanos);
        }
    }

    /**
     * Soft-evicts every connection of the pool (idle ones close now, those in use when returned; HikariCP opens new
     * ones as borrowers need them), once per cause: an attempt that started before the last eviction borrowed a
     * connection that eviction already covered, so its failure evicts nothing again.
     */
    private void evictAfterBrokenConnection(String sqlState, long attemptStartNanos) {
        long last = lastEvictionNanos.get();
        if (last != Long.MIN_VALUE && attemptStartNanos - last < 0) {
            return;
        }
        long now = System.nanoTime();
        if (!lastEvictionNanos.compareAndSet(last, now)) {
            return; // another failure of the same moment evicts
        }
        HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
        if (mx == null) {
            return;
        }
        PoolSnapshot before = snapshot();
        mx.softEvictConnections();
        String line = "connection broken (" + sqlState + "): soft-evicted the pool's connections opened before it "
                + before;
        LOG.info("{} - {}", settings.poolName(), line);
        recorder.record(at -> new NoteEvent(at, settings.poolName(), line));
    }

    /** The availability checks' gate: {@code false} while the probe still watches for the database's return. */
    private boolean awaitAccepting(long timeoutMs) throws InterruptedException {
        probe.awaitBack(timeoutMs);
        return !probe.armed();
    }

    private void onDatabaseBack() {
        RetryExecutor e = executorRef;
        if (e != null) {
            e.onDatabaseBack();
        }
    }

    /** The recovery probe (inspection; it runs only while failures are suspected). */
    public RecoveryProbe recoveryProbe() {
        return probe;
    }

    private PoolGaugeEvent gauges(java.time.Instant at) {
        PoolSnapshot s = snapshot();
        return new PoolGaugeEvent(at, settings.poolName(), s.total(), s.active(), s.idle(), s.waiting(), s.max());
    }

    private void onPoolTimeout(String operation, long waitedMs) {
        PoolSnapshot s = snapshot();
        LOG.warn("{} - {}: no connection within {} ms {}", settings.poolName(), operation, waitedMs, s);
        recorder.record(at -> new PoolTimeoutEvent(at, settings.poolName(), s.total(), s.active(), s.idle(),
                s.waiting(), waitedMs));
    }

    /** The settings in force, read back after start-up. */
    public EffectiveSettings effective() {
        return effective;
    }

    /**
     * Reads {@code statement_timeout} and {@code application_name} as the server sees them on a pooled connection
     * (fails like any query when the database is down).
     */
    public Map<String, String> serverSettings() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = hikari.getConnection(); Statement s = c.createStatement()) {
            for (String name : new String[] {"statement_timeout", "application_name"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    out.put(name, rs.getString(1));
                }
            }
        }
        return out;
    }

    public PoolSettings settings() {
        return settings;
    }

    public ResilienceConfig resilience() {
        return resilience;
    }

    public EventRecorder recorder() {
        return recorder;
    }

    public long seed() {
        return seed;
    }

    public String name() {
        return settings.poolName();
    }

    /** The retry machinery (breaker, budget) for inspection. */
    public RetryExecutor retryExecutor() {
        return executor;
    }

    /** Masks this pool's password (and any URL password) in {@code text}. */
    public String mask(String text) {
        return masker.apply(text);
    }

    /** Closes the pool, the availability workers and the metrics subscription. */
    @Override
    public void close() {
        try {
            health.close();
            availability.close();
            probe.close();
        } finally {
            hikari.close();
            recorder.record(at -> new NoteEvent(at, settings.poolName(), "closed"));
        }
    }

    @Override
    public String toString() {
        return "ReferencePool{" + settings.poolName() + ", " + settings.url().masked() + "}";
    }

    /** Builds and starts a {@link ReferencePool}. */
    public static final class Builder {
        private final PoolSettings settings;
        private EventRecorder recorder;
        private Long seed;
        private ResilienceConfig resilience = ResilienceConfig.ofDefaults();
        private AvailabilityConfig availability = AvailabilityConfig.ofDefaults();
        private Duration probeInterval = Duration.ofMillis(20);
        private Duration probeMaxArmed = Duration.ofSeconds(60);
        private int probeMaxAttempts = 3000;

        private Builder(PoolSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The run's timeline (required). */
        public Builder recorder(EventRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        /** The run seed (required, so that backoff jitter can be replayed). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder resilience(ResilienceConfig resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        public Builder availability(AvailabilityConfig availability) {
            this.availability = Objects.requireNonNull(availability, "availability");
            return this;
        }

        public ReferencePool start() {
            if (recorder == null) {
                throw new IllegalStateException("recorder must be set, but was null");
            }
            if (seed == null) {
                throw new IllegalStateException("seed must be set (Seeds.newSeed() for a fresh one), but was null");
            }
            return new ReferencePool(this);
        }
    }
}
