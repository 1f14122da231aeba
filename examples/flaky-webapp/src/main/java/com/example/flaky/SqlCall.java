package com.example.flaky;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one pooled connection. */
@FunctionalInterface
public interface SqlCall<T> {
    T run(Connection connection) throws SQLException;
}
