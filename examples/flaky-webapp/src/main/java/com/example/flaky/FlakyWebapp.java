package com.example.flaky;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The web app's database layer, wired two ways:
 * <ul>
 *   <li>{@link #beforeFix}: no retries, emergency admin on the first database error, and a pool that gives up at once
 *       when the server cannot be reached, as the seed plan's Prisma client did ("Can't reach database server"):
 *       HikariCP instead waits {@code connectionTimeout} even when the server refuses, so this pool uses its floor,
 *       250 ms;</li>
 *   <li>{@link #withFix}: the seed plan's pool ({@code connection_limit=15&pool_timeout=10&connect_timeout=30&
 *       statement_timeout=30000}, plus a 60 s socket timeout), retries of connection failures with backoff 1 s, 2 s,
 *       4 s (3 retries), and the availability check before the fallback.</li>
 * </ul>
 */
public final class FlakyWebapp implements AutoCloseable {

    private final Database db;
    private final UserRepository users;
    private final LoginService logins;
    private final AvailabilityCheck availability;

    private FlakyWebapp(Database db, boolean checkBeforeFallback) {
        this.db = db;
        this.users = new UserRepository(db);
        this.availability = new AvailabilityCheck(db);
        this.logins = new LoginService(users, checkBeforeFallback ? availability : null);
    }

    public static FlakyWebapp beforeFix(String jdbcUrl, String user, String password) {
        HikariConfig config = config("before-fix", jdbcUrl, user, password);
        config.setConnectionTimeout(250);
        return new FlakyWebapp(new Database(new HikariDataSource(config), null), false);
    }

    public static FlakyWebapp withFix(String jdbcUrl, String user, String password) {
        HikariConfig config = config("fixed", jdbcUrl, user, password);
        config.setMaximumPoolSize(15);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("connectTimeout", "30");
        config.addDataSourceProperty("loginTimeout", "30");
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("options", "-c statement_timeout=30000");
        Retry retry = Retry.of("database", RetryConfig.custom()
                .maxAttempts(4)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(1000, 2))
                .retryOnException(FlakyWebapp::isTransient)
                .build());
        return new FlakyWebapp(new Database(new HikariDataSource(config), retry), true);
    }

    private static HikariConfig config(String name, String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        return config;
    }

    /** Connection failures, server restarts, too many connections and pool timeouts; never bad SQL or credentials. */
    static boolean isTransient(Throwable e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        if (e instanceof SQLException s && s.getSQLState() != null) {
            String state = s.getSQLState();
            return state.startsWith("08") && !state.equals("08007") || state.startsWith("57P0")
                    || state.equals("53300");
        }
        return false;
    }

    public Database database() {
        return db;
    }

    public UserRepository users() {
        return users;
    }

    public LoginService logins() {
        return logins;
    }

    public AvailabilityCheck availability() {
        return availability;
    }

    @Override
    public void close() {
        db.close();
    }
}
