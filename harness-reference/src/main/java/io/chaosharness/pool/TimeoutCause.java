package io.chaosharness.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * The pool as the retry executor borrows from it: a pool timeout (HikariCP's {@link SQLTransientConnectionException})
 * names the adder's last refused connect ({@link GatedDataSource#lastRefusal()}, e.g. 53300) as its SQLState and
 * cause, as HikariCP itself does when it saw the refusal last. Same type and message; nothing else changes.
 */
final class TimeoutCause extends ForwardingDataSource {

    private final GatedDataSource gate;

    TimeoutCause(DataSource pool, GatedDataSource gate) {
        super(pool);
        this.gate = gate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return delegate().getConnection();
        } catch (SQLTransientConnectionException timeout) {
            SQLException refusal = gate.lastRefusal();
            if (refusal == null || refusal.getSQLState() == null
                    || refusal.getSQLState().equals(timeout.getSQLState())) {
                throw timeout;
            }
            SQLTransientConnectionException named = new SQLTransientConnectionException(timeout.getMessage(),
                    refusal.getSQLState(), refusal);
            named.setNextException(refusal);
            named.setStackTrace(timeout.getStackTrace());
            throw named;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return delegate().getConnection(username, password);
    }
}
