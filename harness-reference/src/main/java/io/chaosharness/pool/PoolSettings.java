package io.chaosharness.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings for a {@link ReferencePool}: the parsed {@link DatabaseUrl} plus the pool's name and the
 * {@code application_name} its backends show in {@code pg_stat_activity}. Each {@code with...} returns a new value.
 *
 * <h2>The socketTimeout rule</h2>
 * pgjdbc's {@code socketTimeout} is the only guard for a connection that is already <em>borrowed</em> when the network
 * silently drops it: without it a read blocks forever (HikariCP#1148 and friends). Unless the URL sets
 * {@code socketTimeout} explicitly, the pool uses
 * <pre>  socketTimeout = max(30 s, ceil(2 × statement_timeout))      when statement_timeout &gt; 0
 *   socketTimeout = 60 s                                           when statement_timeout = 0 (none)</pre>
 * Why: with a server-side {@code statement_timeout} of T, a healthy backend always answers within T (with the result
 * or with 57014 query_canceled), so a socket silent for 2×T is dead, not slow; the factor 2 leaves room for the cancel
 * round trip and for latency faults. The 30 s floor follows pgjdbc's advice (at least 30 s) and keeps short statement
 * timeouts from killing connections that are merely slow. With no statement timeout the longest query is unknown;
 * 60 s is the harness's default, and longer-running workloads should set {@code socketTimeout} in the URL.
 * The seed URL ({@code statement_timeout=30000}) gets 60 s. The scenario suite's "weakened pool" turns the guard off
 * through {@link io.chaosharness.retry.ResilienceConfig#socketTimeoutEnabled()}.
 */
public final class PoolSettings {

    /** Default pool name; log lines and events carry it. */
    public static final String DEFAULT_POOL_NAME = "reference-pool";
    /** Default {@code application_name}, so the harness's own backends can be told apart in pg_stat_activity. */
    public static final String DEFAULT_APPLICATION_NAME = "chaos-harness";

    private static final Duration SOCKET_TIMEOUT_FLOOR = Duration.ofSeconds(30);
    private static final Duration SOCKET_TIMEOUT_WITHOUT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    private final DatabaseUrl url;
    private final String poolName;
    private final String applicationName;

    private PoolSettings(DatabaseUrl url, String poolName, String applicationName) {
        this.url = Objects.requireNonNull(url, "url");
        this.poolName = requireName("poolName", poolName);
        this.applicationName = requireName("applicationName", applicationName);
    }

    /** Settings for {@code url} with the default pool and application names. */
    public static PoolSettings of(DatabaseUrl url) {
        return new PoolSettings(url, DEFAULT_POOL_NAME, url.driverProperties().getOrDefault("ApplicationName",
                DEFAULT_APPLICATION_NAME));
    }

    /** Parses {@code databaseUrl} and returns settings with the defaults. */
    public static PoolSettings parse(String databaseUrl) {
        return of(DatabaseUrl.parse(databaseUrl));
    }

    public PoolSettings withPoolName(String name) {
        return new PoolSettings(url, name, applicationName);
    }

    public PoolSettings withApplicationName(String name) {
        return new PoolSettings(url, poolName, name);
    }

    private static String requireName(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 63) {
            throw new InvalidDatabaseUrlException(field,
                    field + " must be 1 to 63 characters, but was '" + value + "'");
        }
        return value;
    }

    public DatabaseUrl url() {
        return url;
    }

    public String poolName() {
        return poolName;
    }

    public String applicationName() {
        return applicationName;
    }

    /** The socketTimeout the rule above yields (or the URL's explicit value); zero means none. */
    public Duration socketTimeout() {
        return url.explicitSocketTimeoutSeconds()
                .map(s -> Duration.ofSeconds(s))
                .orElseGet(() -> derivedSocketTimeout(url.statementTimeout()));
    }

    /** The rule, for a given statement timeout (zero meaning none). */
    public static Duration derivedSocketTimeout(Duration statementTimeout) {
        if (statementTimeout.isZero()) {
            return SOCKET_TIMEOUT_WITHOUT_STATEMENT_TIMEOUT;
        }
        long twiceSeconds = (statementTimeout.toMillis() * 2 + 999) / 1000;
        return Duration.ofSeconds(Math.max(SOCKET_TIMEOUT_FLOOR.toSeconds(), twiceSeconds));
    }

    @Override
    public String toString() {
        return "PoolSettings{pool=" + poolName + ", applicationName=" + applicationName + ", url=" + url.masked()
                + ", socketTimeout=" + socketTimeout().toSeconds() + "s}";
    }
}
