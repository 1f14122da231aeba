package com.example.flaky;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.retry.Retry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The application's way to the database: a HikariCP pool, with or without retries. Before the fix every call borrows a
 * connection once and the first error reaches the caller; with it, connection failures are retried with backoff.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final Retry retry;

    Database(HikariDataSource pool, Retry retry) {
        this.pool = pool;
        this.retry = retry;
    }

    /** Runs {@code call} on a pooled connection (retried on connection failures where this database retries). */
    public <T> T withConnection(SqlCall<T> call) throws SQLException {
        if (retry == null) {
            return once(call);
        }
        try {
            return retry.executeCheckedSupplier(() -> once(call));
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException("unexpected failure: " + e, e);
        }
    }

    private <T> T once(SqlCall<T> call) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return call.run(c);
        }
    }

    public HikariDataSource pool() {
        return pool;
    }

    /** The retry, where this database retries. */
    public Optional<Retry> retry() {
        return Optional.ofNullable(retry);
    }

    @Override
    public void close() {
        pool.close();
    }
}
