package io.chaosharness.scenario;

import static org.awaitility.Awaitility.await;

import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.fallback.AuthResult;
import io.chaosharness.fallback.BreakGlassCredential;
import io.chaosharness.fallback.FallbackAuthenticator;
import io.chaosharness.fallback.PasswordHasher;
import io.chaosharness.fallback.UserStore;
import io.chaosharness.pool.EffectiveSettings;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.retry.FailureClassifier;
import io.chaosharness.sut.LoginResult;
import io.chaosharness.sut.SqlWork;
import io.chaosharness.sut.SystemContext;
import io.chaosharness.sut.SystemUnderTest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The reference design as a {@link SystemUnderTest}: the {@link ReferencePool} (HikariCP, retries with seeded jitter,
 * circuit breaker, retry budget, availability check, health gauges) configured as a scenario's {@link ScenarioConfig}
 * says, and the {@link FallbackAuthenticator} with its emergency-admin fallback. It records its internal events on
 * the run's timeline as before (attempts, operations, retries, breaker transitions, budget refusals, pool timeouts and
 * gauges, fallbacks); the runner adds the outcome of every call.
 *
 * <p>{@link #start} builds the pool from the environment's URL plus the scenario's URL parameters, provisions the
 * workload's users (not on read-only runs), waits (bounded, named) for the pool to open its connections and starts the
 * gauge sampler, bounded in samples.
 */
public final class ReferenceSystem implements SystemUnderTest {

    /** How often pool gauges are sampled. */
    public static final Duration GAUGE_PERIOD = ScenarioRunner.GAUGE_PERIOD;
    /** Longest wait for the pool to open its connections. */
    public static final Duration WARM_UP_LIMIT = ScenarioRunner.WARM_UP_LIMIT;
    /** The break-glass account's email; the workload never uses it, so no emergency session is ever granted. */
    static final String BREAK_GLASS_EMAIL = "break-glass@example.com";
    /** The fallback's availability check: attempts before the database is judged unavailable. */
    private static final int AVAILABILITY_ATTEMPTS = 3;

    private final String scenario;
    private final ScenarioConfig config;
    private final Duration sampled;
    private final FailureClassifier classifier = new FailureClassifier();
    private volatile ReferencePool pool;
    private volatile FallbackAuthenticator authenticator;
    private AutoCloseable sampler;

    /**
     * @param scenario names the pool ({@code pool-<scenario>})
     * @param config   the design's settings
     * @param sampled  how long gauges are sampled after the start (bounds the sampler's count)
     */
    public ReferenceSystem(String scenario, ScenarioConfig config, Duration sampled) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.config = Objects.requireNonNull(config, "config");
        this.sampled = Objects.requireNonNull(sampled, "sampled");
    }

    /** The reference design as {@code scenario} configures it, sampled for the whole run. */
    public static ReferenceSystem of(Scenario scenario) {
        return new ReferenceSystem(scenario.id(), scenario.config(),
                scenario.plannedDuration().plus(ScenarioRunner.DRAIN_LIMIT).plus(Duration.ofMinutes(1)));
    }

    @Override
    public String name() {
        return "reference";
    }

    /** The pool, once started (for tests and the reference's own inspection). */
    public ReferencePool pool() {
        if (pool == null) {
            throw new IllegalStateException("reference system of " + scenario + " is not started");
        }
        return pool;
    }

    @Override
    public void start(SystemContext context) throws SQLException {
        String url = context.databaseUrl();
        url = url + (url.contains("?") ? "&" : "?") + config.query();
        ReferencePool p = ReferencePool.builder(PoolSettings.parse(url).withPoolName(poolName()))
                .recorder(context.recorder()).seed(context.seed()).resilience(config.resilience())
                .availability(config.availability()).start();
        pool = p;
        PasswordHasher hasher = new PasswordHasher(ScenarioConfig.WORKLOAD_HASH_ITERATIONS);
        UserStore users = new UserStore(p, hasher);
        if (!context.readOnly()) {
            users.createSchemaIfAbsent();
            for (Map.Entry<String, String> a : context.accounts().entrySet()) {
                users.putUser(a.getKey(), a.getValue(), "user");
            }
        }
        authenticator = new FallbackAuthenticator(p, users, hasher,
                BreakGlassCredential.of(BREAK_GLASS_EMAIL, "break-glass-" + context.runId(), hasher),
                AVAILABILITY_ATTEMPTS);
        int max = p.effective().maximumPoolSize();
        try {
            await("pool " + poolName() + " opening " + max + " connections")
                    .atMost(WARM_UP_LIMIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> p.snapshot().total() >= max);
        } catch (ConditionTimeoutException e) {
            String text = "warm-up: the pool opened only " + p.snapshot().total() + " of " + max
                    + " connections within " + WARM_UP_LIMIT.toSeconds() + " s: " + p.snapshot();
            context.recorder().record(at -> new NoteEvent(at, scenario, text));
        }
        sampler = p.health().startSampler(GAUGE_PERIOD, (int) (sampled.toMillis() / GAUGE_PERIOD.toMillis()) + 10);
    }

    private String poolName() {
        return "pool-" + scenario;
    }

    @Override
    public <T> T read(String operation, SqlWork<T> work) throws SQLException {
        return pool().withRetry(operation, true, work::run);
    }

    @Override
    public <T> T write(String operation, String idempotencyKey, SqlWork<T> work) throws SQLException {
        return pool().withIdempotencyKey(operation, idempotencyKey, work::run);
    }

    /**
     * The authenticator's decision: a denial because the database failed while it was judged available is a failed
     * call, rethrown with the lookup's own failure (already a failed operation on the timeline); an engaged fallback
     * is {@code FALLBACK}.
     */
    @Override
    public LoginResult login(String user, CharSequence password) throws SQLException {
        AuthResult result = authenticator.authenticate(user, password);
        if (result instanceof AuthResult.Authenticated) {
            return LoginResult.GRANTED;
        }
        if (result instanceof AuthResult.EmergencyAdmin || result instanceof AuthResult.UnavailableDenied) {
            return LoginResult.FALLBACK;
        }
        AuthResult.Denied denied = (AuthResult.Denied) result;
        if (denied.failure() != null) {
            throw denied.failure();
        }
        return LoginResult.REFUSED;
    }

    /** The seed plan's {@code isDatabaseAvailable()}: 3 bounded attempts. */
    @Override
    public boolean available() {
        return pool().isDatabaseAvailable();
    }

    @Override
    public String failureClass(Throwable failure) {
        return classifier.classify(failure).failureClass().name();
    }

    @Override
    public Optional<String> applicationName() {
        return Optional.of(pool().effective().applicationName());
    }

    @Override
    public Map<String, Object> configuration() {
        EffectiveSettings e = pool().effective();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("databaseUrl", e.url());
        m.put("connection_limit", e.maximumPoolSize());
        m.put("pool_timeout_s", e.connectionTimeoutMs() / 1000.0);
        m.put("connect_timeout_s", e.connectTimeoutSeconds());
        m.put("statement_timeout_ms", e.statementTimeoutMs());
        m.put("socket_timeout_s", e.socketTimeoutSeconds());
        m.put("max_retries", config.resilience().maxRetries());
        m.put("base_delay_ms", config.resilience().baseDelay().toMillis());
        m.put("resilience", config.resilience().toString());
        m.put("availability_attempt_timeout_ms", config.availability().attemptTimeout().toMillis());
        m.put("availability_backoff_ms", List.of(config.availability().backoffAfter(1).toMillis(),
                config.availability().backoffAfter(2).toMillis()));
        m.put("password_hash_iterations", ScenarioConfig.WORKLOAD_HASH_ITERATIONS);
        m.put("notes", config.notes());
        m.put("design", config.design().name());
        m.put("design_settings", config.design().settings());
        return m;
    }

    /** The pool's gauges and the breaker's state. */
    @Override
    public Optional<String> state() {
        ReferencePool p = pool;
        return p == null ? Optional.empty()
                : Optional.of(p.snapshot() + ", breaker " + p.retryExecutor().breakerState());
    }

    @Override
    public void close() {
        try {
            if (sampler != null) {
                sampler.close();
            }
        } catch (Exception e) {
            // the sampler only stops a scheduled task; the pool is closed regardless
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ReferenceSystem{" + poolName() + ", " + config + "}";
    }
}
