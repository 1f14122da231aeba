package io.chaosharness.testing;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source for unit tests of the retry loop: each {@code getConnection()} pops the next scripted failure (or
 * hands out an inert connection when the script is empty). Database behaviour itself is tested against real
 * PostgreSQL in the *IT tests.
 */
public final class ScriptedDataSource implements DataSource {

    private final Deque<SQLException> connectFailures = new ArrayDeque<>();
    private final AtomicInteger borrowed = new AtomicInteger();

    /** The next {@code getConnection()} calls throw these, in order. */
    public synchronized ScriptedDataSource failConnects(SQLException... failures) {
        for (SQLException f : failures) {
            connectFailures.addLast(f);
        }
        return this;
    }

    public int borrowed() {
        return borrowed.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        synchronized (this) {
            SQLException next = connectFailures.pollFirst();
            if (next != null) {
                throw next;
            }
        }
        borrowed.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    case "toString" -> "scripted-connection";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
