package io.chaosharness.pool;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The driver data source HikariCP opens its connections through, paced by the {@link RecoveryProbe}: while the probe
 * is armed, the pool's connection adder keeps trying every probe interval (at most {@code gateMs}, the URL's
 * connect_timeout: the time one connection may take anyway) instead of failing and sleeping in HikariCP's own backoff
 * (10 ms doubling to 5 s), which no one can wake; so the pool's first connection comes as soon as the database takes
 * it. A failed connect arms the probe.
 */
final class GatedDataSource implements DataSource {

    private final DataSource delegate;
    private final RecoveryProbe probe;
    private final long gateMs;
    private final long intervalMs;
    private final EventRecorder recorder;
    private final String source;
    /** The SQLState of the last refusal passed on to HikariCP since the last connect (HikariCP's adder is one thread). */
    private volatile String reported;
    private volatile SQLException lastRefusal;

    /**
     * The last refused connect since the last successful one, or {@code null}. HikariCP names a pool timeout's cause
     * by its own last failure, which a failed validation of a dead pooled connection (08003) overwrites; the adder
     * here retries without telling HikariCP each time, so the pool asks this instead.
     */
    SQLException lastRefusal() {
        return lastRefusal;
    }

    GatedDataSource(DataSource delegate, RecoveryProbe probe, long gateMs, long intervalMs, EventRecorder recorder,
                    String poolName) {
        this.delegate = delegate;
        this.probe = probe;
        this.gateMs = gateMs;
        this.intervalMs = intervalMs;
        this.recorder = recorder;
        this.source = poolName + "/recovery-probe";
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(delegate::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> delegate.getConnection(username, password));
    }

    private interface Connect {
        Connection open() throws SQLException;
    }

    /**
     * One attempt when the probe is not armed. While it is armed, attempts every {@code interval} (or at once when the
     * probe sees the database back), at most {@code gateMs} in all (the URL's connect_timeout) and at most
     * {@code gateMs / interval + 1} attempts; the last failure is thrown. One note per armed episode on the timeline.
     */
    private Connection connect(Connect connect) throws SQLException {
        if (!probe.armed()) {
            try {
                Connection c = connect.open();
                reported = null;
                lastRefusal = null;
                return c;
            } catch (SQLException e) {
                probe.suspect();
                reported = String.valueOf(e.getSQLState());
                lastRefusal = e;
                throw e;
            }
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(gateMs);
        long maxAttempts = gateMs / Math.max(1, intervalMs) + 1;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                Connection c = connect.open();
                reported = null;
                lastRefusal = null;
                episode(attempts, start, "connected");
                return c;
            } catch (SQLException e) {
                probe.suspect();
                lastRefusal = e;
                String state = String.valueOf(e.getSQLState());
                if (!state.equals(reported)) {
                    // HikariCP reports the last refused connect (its SQLState: 53300, 08001) in a borrower's pool
                    // timeout only if it saw it: pass each new kind of refusal on once (HikariCP then sleeps its
                    // first, 10 ms, backoff step and calls again).
                    reported = state;
                    String line = "pool connection adder: attempt " + attempts + " failed (" + state
                            + "), passed on to the pool";
                    recorder.record(at -> new NoteEvent(at, source, line));
                    throw e;
                }
                if (attempts >= maxAttempts || System.nanoTime() - deadline >= 0 || !probe.armed()) {
                    episode(attempts, start, "failed (" + e.getSQLState() + ")");
                    throw e;
                }
            }
            try {
                probe.awaitBack(Math.min(intervalMs,
                        Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))), false);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the database to accept connections", "08001", ie);
            }
        }
    }

    private void episode(int attempts, long start, String outcome) {
        if (attempts > 1) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String line = "pool connection adder: " + attempts + " attempt(s) every " + intervalMs + " ms over " + ms
                    + " ms while the recovery probe was armed, then " + outcome;
            recorder.record(at -> new NoteEvent(at, source, line));
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }
}
