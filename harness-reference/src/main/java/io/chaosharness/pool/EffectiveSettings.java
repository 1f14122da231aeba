package io.chaosharness.pool;

/**
 * The settings in force after the pool started, read back from HikariCP and from pgjdbc's data source (HikariCP
 * adjusts some values silently, e.g. it overwrites the data source's loginTimeout; this is what actually applies).
 * Times are in the unit their library uses.
 *
 * @param poolName                  the pool's name
 * @param url                       the database URL, password masked
 * @param applicationName           {@code application_name} sent to the server
 * @param maximumPoolSize           from {@code connection_limit}
 * @param minimumIdle               HikariCP's minimumIdle (defaults to maximumPoolSize: a fixed-size pool)
 * @param connectionTimeoutMs       from {@code pool_timeout}
 * @param validationTimeoutMs       HikariCP's validation timeout
 * @param idleTimeoutMs             HikariCP's idle timeout
 * @param maxLifetimeMs             HikariCP's max lifetime
 * @param keepaliveTimeMs           HikariCP's keepalive time (0 = off)
 * @param initializationFailTimeout HikariCP's initializationFailTimeout (-1: the pool starts even if the database is down)
 * @param connectTimeoutSeconds     pgjdbc connectTimeout, from {@code connect_timeout}
 * @param loginTimeoutSeconds       pgjdbc loginTimeout, from {@code connect_timeout}
 * @param socketTimeoutSeconds      pgjdbc socketTimeout (0 = none: only the weakened pool)
 * @param statementTimeoutMs        the server-side statement timeout requested through {@code options} (0 = none)
 * @param options                   pgjdbc {@code options} as sent
 */
public record EffectiveSettings(String poolName, String url, String applicationName, int maximumPoolSize,
                                int minimumIdle, long connectionTimeoutMs, long validationTimeoutMs,
                                long idleTimeoutMs, long maxLifetimeMs, long keepaliveTimeMs,
                                long initializationFailTimeout, int connectTimeoutSeconds, int loginTimeoutSeconds,
                                int socketTimeoutSeconds, long statementTimeoutMs, String options) {
}
