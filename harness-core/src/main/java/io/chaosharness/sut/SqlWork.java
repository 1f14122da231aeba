package io.chaosharness.sut;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work on one JDBC connection that the harness hands to the system under test: the system decides where
 * the connection comes from (its pool) and whether and how often to repeat the work (its retries).
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Runs on {@code connection}; must not close it (the system does). */
    T run(Connection connection) throws SQLException;
}
