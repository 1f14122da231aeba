package io.chaosharness.pool;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * The driver data source HikariCP opens its connections through, paced by the {@link RecoveryProbe}: while the probe
 * is armed, the pool's connection adder keeps trying every probe interval (at most {@code gateMs}, the URL's
 * connect_timeout: the time one connection may take anyway) instead of failing and sleeping in HikariCP's own backoff
 * (10 ms doubling to 5 s), which no one can wake; so the pool's first connection comes as soon as the database takes
 * it. A failed connect arms the probe. Any connect that still waits when the probe sees the database back (hung on an
 * address that answers nothing, or on a link that carried nothing while it was cut), armed or not when it began, is
 * raced by a second one, and the first to connect is the pool's.
 */
final class GatedDataSource extends ForwardingDataSource {

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
        super(delegate);
        this.probe = probe;
        this.gateMs = gateMs;
        this.intervalMs = intervalMs;
        this.recorder = recorder;
        this.source = poolName + "/recovery-probe";
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(delegate()::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> delegate().getConnection(username, password));
    }

    private interface Connect {
        Connection open() throws SQLException;
    }

    /**
     * One attempt when the probe is not armed. While it is armed, attempts every {@code interval} (or at once when the
     * probe sees the database back), at most {@code gateMs} in all (the URL's connect_timeout) and at most
     * {@code gateMs / interval + 1} attempts; the last failure is thrown. One note per armed episode on the timeline.
     * Every attempt, armed or not, is raced once the probe sees the database back ({@link #openRacingTheReturn}): a
     * connect begun before a failure armed the probe (HikariCP's adder refilling the pool just after an eviction, in
     * a cut that no refusal has reported yet) hangs as long as one begun after it.
     */
    private Connection connect(Connect connect) throws SQLException {
        if (!probe.armed()) {
            try {
                Connection c = openRacingTheReturn(connect);
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
                Connection c = openRacingTheReturn(connect);
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

    /**
     * One connect, on a thread of its own while the caller waits. A connect can hang where nothing answers (a proxy
     * dialling a stopped container's address waits out the address lookup, about 1 s, before it closes; a cut link
     * carries nothing until the cut ends); if the probe sees the database back while this one still waits (its
     * recoveries counted from before the connect began, so an arming and return that come after it count too), a
     * second connect starts beside it and the first of the two to connect is the pool's (the other is closed when it
     * ends). Each connect ends within the driver's own timeouts. Without a return it is the plain connect: its
     * connection, or its own exception (the same object, SQLState and cause). The thread costs well under a
     * millisecond beside a connect's several, and connects are rare: HikariCP's adder is one thread, opening one
     * connection at a time when the pool fills or replaces one (pgjdbc, with a login timeout, already opens each on a
     * thread of its own). An interrupted caller gets 08001 at once, as on the armed path (pgjdbc's own wait throws a
     * RuntimeException there; HikariCP's adder catches any Throwable alike, and the connect is closed when it ends).
     */
    private Connection openRacingTheReturn(Connect connect) throws SQLException {
        long generation = probe.recoveries();
        CompletableFuture<Connection> pending = opening(connect);
        try {
            while (true) {
                try {
                    return pending.get(Math.max(1, intervalMs), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    if (probe.recoveries() != generation) {
                        recorder.record(at -> new NoteEvent(at, source, "pool connection adder: the database is back "
                                + "while a connect still waits; a second connect races it"));
                        pending = firstToConnect(pending, opening(connect));
                        return pending.get();
                    }
                }
            }
        } catch (InterruptedException ie) {
            pending.thenAccept(GatedDataSource::closeQuietly); // no one takes it now: close it when it comes
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the database to accept connections", "08001", ie);
        } catch (ExecutionException ee) {
            throw asSqlException(ee.getCause());
        }
    }

    /** The first of two connects to succeed (the other is closed when it ends), or the last failure of both. */
    private static CompletableFuture<Connection> firstToConnect(CompletableFuture<Connection> a,
                                                                CompletableFuture<Connection> b) {
        CompletableFuture<Connection> winner = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(2);
        BiConsumer<Connection, Throwable> settle = (c, failure) -> {
            if (failure == null) {
                if (!winner.complete(c)) {
                    closeQuietly(c); // the loser of the race
                }
            } else if (pending.decrementAndGet() == 0) {
                winner.completeExceptionally(failure);
            }
        };
        a.whenComplete(settle);
        b.whenComplete(settle);
        return winner;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing depends on closing a connection no one took
            }
        }
    }

    private CompletableFuture<Connection> opening(Connect connect) {
        CompletableFuture<Connection> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(connect.open());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, source + "-connect");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static SQLException asSqlException(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                ? t.getCause() : t;
        if (cause instanceof SQLException e) {
            return e;
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new SQLException(String.valueOf(cause.getMessage()), "08001", cause);
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
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(delegate()) ? iface.cast(delegate()) : delegate().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(delegate()) || delegate().isWrapperFor(iface);
    }
}
