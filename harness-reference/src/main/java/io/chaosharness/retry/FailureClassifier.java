package io.chaosharness.retry;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Classifies a failure by SQLState (pgjdbc throws plain {@code PSQLException}s, so types say little), walking the
 * cause chain and {@link SQLException#getNextException()} up to {@value #MAX_DEPTH} levels.
 *
 * <table>
 *   <caption>SQLState table (PostgreSQL errcodes.txt; see PLATFORM.md D.3)</caption>
 *   <tr><th>SQLState</th><th>class</th></tr>
 *   <tr><td>08001, 08004 (connect never succeeded)</td><td>TRANSIENT, never reached the server</td></tr>
 *   <tr><td>08000, 08003, 08006, other 08xxx</td><td>TRANSIENT</td></tr>
 *   <tr><td>08007 transaction_resolution_unknown, 40003 statement_completion_unknown</td><td>UNSAFE_TO_REPEAT</td></tr>
 *   <tr><td>08P01 protocol_violation</td><td>PERMANENT</td></tr>
 *   <tr><td>57P01, 57P02, 57P03 (shutdown, crash, starting up), 57P05 idle_session_timeout</td><td>TRANSIENT</td></tr>
 *   <tr><td>57P04 database_dropped</td><td>PERMANENT</td></tr>
 *   <tr><td>53xxx (too_many_connections, resources)</td><td>TRANSIENT</td></tr>
 *   <tr><td>40001 serialization_failure, 40P01 deadlock_detected</td><td>TRANSIENT</td></tr>
 *   <tr><td>55P03 lock_not_available, 25006 read_only_sql_transaction</td><td>TRANSIENT</td></tr>
 *   <tr><td>57014 query_canceled, 25P03 idle_in_transaction_session_timeout</td><td>PERMANENT (the same load times out again)</td></tr>
 *   <tr><td>28xxx auth, 3D000 no such database, 42xxx syntax/permission, 22xxx data, 23xxx constraints</td><td>PERMANENT</td></tr>
 *   <tr><td>HikariCP pool timeout ({@link SQLTransientConnectionException}) with a non-permanent cause</td><td>POOL_EXHAUSTED, never reached</td></tr>
 *   <tr><td>circuit breaker open ({@link CircuitOpenException}, {@link CallNotPermittedException})</td><td>CIRCUIT_OPEN, never reached</td></tr>
 *   <tr><td>no SQLState: I/O or timeout exceptions, {@link SQLTransientException}</td><td>TRANSIENT</td></tr>
 *   <tr><td>anything else</td><td>PERMANENT</td></tr>
 * </table>
 * A permanent SQLState anywhere in the chain wins over a pool timeout: a pool that times out because every connect
 * fails with 28P01 is misconfigured, not exhausted.
 */
public final class FailureClassifier {

    static final int MAX_DEPTH = 20;

    /** Classifies {@code failure}; never throws, never returns {@code null}. */
    public Classification classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String firstState = null;
        boolean permanentState = false;
        boolean circuitOpen = false;
        boolean poolTimeout = false;
        boolean ioOrTimeout = false;
        boolean transientType = false;
        java.util.ArrayDeque<Throwable> queue = new java.util.ArrayDeque<>();
        if (failure != null) {
            queue.add(failure);
        }
        while (!queue.isEmpty() && seen.size() < MAX_DEPTH) {
            Throwable t = queue.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof CircuitOpenException || t instanceof CallNotPermittedException) {
                circuitOpen = true;
            }
            if (t instanceof SQLTransientConnectionException && !(t instanceof CircuitOpenException)) {
                poolTimeout = true;
            }
            if (t instanceof SQLTimeoutException || t instanceof IOException) {
                ioOrTimeout = true;
            }
            if (t instanceof SQLTransientException) {
                transientType = true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && !state.isBlank()) {
                    if (firstState == null) {
                        firstState = state;
                    }
                    if (classOf(state) == FailureClass.PERMANENT) {
                        permanentState = true;
                    }
                }
                if (sql.getNextException() != null) {
                    queue.add(sql.getNextException());
                }
            }
            if (t.getCause() != null) {
                queue.add(t.getCause());
            }
        }
        if (circuitOpen) {
            return new Classification(FailureClass.CIRCUIT_OPEN, firstState, true);
        }
        if (permanentState) {
            return new Classification(FailureClass.PERMANENT, firstState, false);
        }
        if (poolTimeout) {
            return new Classification(FailureClass.POOL_EXHAUSTED, firstState, true);
        }
        if (firstState != null) {
            FailureClass c = classOf(firstState);
            boolean never = firstState.equals("08001") || firstState.equals("08004");
            return new Classification(c, firstState, never);
        }
        if (ioOrTimeout || transientType) {
            return new Classification(FailureClass.TRANSIENT, null, false);
        }
        if (failure instanceof SQLNonTransientException) {
            return new Classification(FailureClass.PERMANENT, null, false);
        }
        return new Classification(FailureClass.PERMANENT, null, false);
    }

    /**
     * Whether a failure with {@code sqlState} on a connection the pool handed out means that connection is broken
     * (its server session is gone): class 08 except a connect that never succeeded (08001, 08004) and a protocol
     * violation (08P01), and the server-side ends of a session 57P01 admin_shutdown, 57P02 crash_shutdown and 57P05
     * idle_session_timeout. Nothing is said about the database: it may accept a new connection at once.
     */
    public static boolean brokenConnection(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return false;
        }
        return switch (sqlState) {
            case "08001", "08004", "08P01" -> false;
            case "57P01", "57P02", "57P05" -> true;
            default -> sqlState.startsWith("08");
        };
    }

    /** The class of one SQLState alone. */
    public static FailureClass classOf(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return FailureClass.PERMANENT;
        }
        switch (sqlState) {
            case "08007", "40003":
                return FailureClass.UNSAFE_TO_REPEAT;
            case "08P01", "57P04", "57014", "25P03":
                return FailureClass.PERMANENT;
            case "57P01", "57P02", "57P03", "57P05", "40001", "40P01", "55P03", "25006":
                return FailureClass.TRANSIENT;
            default:
                break;
        }
        String cls = sqlState.substring(0, 2);
        return switch (cls) {
            case "08", "53" -> FailureClass.TRANSIENT;
            default -> FailureClass.PERMANENT;
        };
    }
}
