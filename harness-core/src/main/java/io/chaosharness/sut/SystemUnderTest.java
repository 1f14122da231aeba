package io.chaosharness.sut;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The system a scenario judges: whatever sits between the workload and the database (a pool, its retries, its
 * fallback). The harness drives it only through these calls and records the outcome of every call itself (latency,
 * success or failure, failure class, fallback) on the run's timeline, so a system that records nothing of its own can
 * still be judged; a system may add its own events to {@link SystemContext#recorder()} (attempts, retries, breaker
 * transitions, pool gauges), which criteria about those internals read.
 *
 * <p>Life cycle: the harness creates the system, calls {@link #start} once with the database the environment
 * provides, issues calls from many threads at once, and {@link #close}s it at the end of the run, also when the run
 * fails. Calls must be thread-safe and must end by themselves (bounded by the system's own timeouts): a call still
 * running long after the planned end is reported as a hung worker.
 *
 * <p>The harness supplies the SQL of reads and writes ({@link SqlWork}), so results can be checked (checksums,
 * the ledger of acknowledged writes); the system supplies the connection and decides about repeating. A call that
 * throws is a failed call; the exception's {@link #failureClass} goes on the timeline.
 *
 * <p>What the harness cannot see from outside (retries inside a call, breaker transitions, pool gauges and timeouts)
 * is an {@link Insight}: criteria that need one the system does not expose are {@code not-measured} and name the
 * adapter that would measure it. The adapters of {@code harness-adapters} (HikariCP, Resilience4j) expose them in one
 * line each in {@link #start}; retries are attributed to the call during which they were recorded on its thread.
 * <pre>{@code
 * final class PlainPool implements SystemUnderTest {
 *     private HikariDataSource pool;
 *     public String name() { return "plain-hikari"; }
 *     public void start(SystemContext ctx) {
 *         HikariConfig config = new HikariConfig();
 *         config.setJdbcUrl(ctx.jdbcUrl());
 *         config.setUsername(ctx.username());
 *         config.setPassword(ctx.password());
 *         pool = new HikariDataSource(config);
 *         HikariAdapter.observe(pool, ctx); // optional (harness-adapters): pool gauges and timeouts on the timeline
 *     }
 *     public <T> T read(String operation, SqlWork<T> work) throws SQLException {
 *         try (Connection c = pool.getConnection()) { return work.run(c); }
 *     }
 *     public <T> T write(String operation, String key, SqlWork<T> work) throws SQLException {
 *         return read(operation, work); // INSERT ... ON CONFLICT (key) DO NOTHING: at most once per key anyway
 *     }
 *     public LoginResult login(String user, CharSequence password) throws SQLException {
 *         Session s = myLoginService.login(user, password.toString());  // your code
 *         return s == null ? LoginResult.REFUSED : s.emergency() ? LoginResult.FALLBACK : LoginResult.GRANTED;
 *     }
 *     public void close() { pool.close(); }
 * }
 * }</pre>
 */
public interface SystemUnderTest extends AutoCloseable {

    /** A short name for the timeline and the report, e.g. {@code reference}. */
    String name();

    /**
     * Starts against {@link SystemContext#databaseUrl()} and returns once the system can serve calls (bounded; a
     * system may start while the database is still unreachable and fail its first calls like any outage). When not
     * {@linkplain SystemContext#readOnly() read-only}, provisions what the workload's calls need: the
     * {@linkplain SystemContext#accounts() accounts} and, through {@link #read}/{@link #write}, nothing else.
     */
    void start(SystemContext context) throws Exception;

    /**
     * Runs {@code work}, which is idempotent: the system may repeat it as often as its design says.
     *
     * @param operation names the call on the timeline ({@code read}, {@code slow-query}, ...)
     * @return what the work returned
     */
    <T> T read(String operation, SqlWork<T> work) throws Exception;

    /**
     * Runs {@code work}, a change the database deduplicates by {@code idempotencyKey} (e.g.
     * {@code INSERT ... ON CONFLICT (key) DO NOTHING}): the system may repeat it after any failure, since a second
     * execution under the same key stores nothing new. Returning normally means the change is acknowledged.
     */
    <T> T write(String operation, String idempotencyKey, SqlWork<T> work) throws Exception;

    /**
     * Logs {@code user} in: the call that may fall back. Returns {@link LoginResult#FALLBACK} when the system did not
     * reach its database and took its fallback path; throws when it failed without one.
     */
    LoginResult login(String user, CharSequence password) throws Exception;

    /**
     * The system's own health check: whether it judges the database available now. The default asks for a valid
     * connection through {@link #read}.
     */
    default boolean available() {
        try {
            return read("availability-check", c -> c.isValid(5));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /**
     * The class of a failed call's exception, as the timeline and the criteria name it. The default is the SQLState
     * where there is one (e.g. {@code 08006}), else the exception's simple class name; a system with its own
     * classification (e.g. {@code TRANSIENT}, {@code POOL_EXHAUSTED}, {@code CIRCUIT_OPEN}) returns that.
     */
    default String failureClass(Throwable failure) {
        if (failure instanceof SQLException s && s.getSQLState() != null) {
            return s.getSQLState();
        }
        return failure.getClass().getSimpleName();
    }

    /**
     * The {@code application_name} the system's connections carry, so that end-of-run checks through the admin
     * connection can find its server backends; empty if it does not set one of its own.
     */
    default Optional<String> applicationName() {
        return Optional.empty();
    }

    /** The settings in force, for the report's {@code config} section; secrets masked. */
    default Map<String, Object> configuration() {
        return Map.of();
    }

    /**
     * One line about the system's internal state (e.g. a pool snapshot), quoted by failure messages and noted at the
     * end of a run; empty when it has nothing to say.
     */
    default Optional<String> state() {
        return Optional.empty();
    }

    /** Stops the system and releases everything it holds; called once, also after a failed start. */
    @Override
    void close();
}
