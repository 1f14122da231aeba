package io.chaosharness.retry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One attempt of a database operation on a borrowed connection. The retry executor borrows the connection for each
 * attempt and closes it afterwards, so a failure to obtain a connection is part of the attempt (and proves the
 * operation never reached the server).
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlOperation<T> {

    /** Runs the operation on {@code connection}; do not close it (the executor does). */
    T apply(Connection connection) throws SQLException;
}
