package io.chaosharness.adapters;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The failure classes criteria read, for exceptions of the libraries the adapters observe: a system under test may
 * return {@code FailureClasses.of(failure)} from {@code failureClass} in one line. Recognised by class name, so no
 * library is needed on the class path.
 */
public final class FailureClasses {

    private FailureClasses() {
    }

    /**
     * {@code CIRCUIT_OPEN} for Resilience4j's {@code CallNotPermittedException}, {@code BULKHEAD_FULL} for its
     * {@code BulkheadFullException}, {@code POOL_EXHAUSTED} for HikariCP's pool timeout (an
     * {@link SQLTransientConnectionException} whose cause is not a connection failure); else the SQLState where there
     * is one, else the exception's simple class name (the system-under-test default).
     */
    public static String of(Throwable failure) {
        String name = failure.getClass().getName();
        if (name.equals("io.github.resilience4j.circuitbreaker.CallNotPermittedException")) {
            return "CIRCUIT_OPEN";
        }
        if (name.equals("io.github.resilience4j.bulkhead.BulkheadFullException")) {
            return "BULKHEAD_FULL";
        }
        if (failure instanceof SQLTransientConnectionException t && t.getSQLState() == null) {
            return "POOL_EXHAUSTED";
        }
        if (failure instanceof SQLException s && s.getSQLState() != null) {
            return s.getSQLState();
        }
        return failure.getClass().getSimpleName();
    }
}
