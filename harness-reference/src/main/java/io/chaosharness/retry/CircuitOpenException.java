package io.chaosharness.retry;

import java.sql.SQLTransientConnectionException;

/**
 * The circuit breaker is open (or half-open and full), so the operation failed fast without touching the database.
 * It has no SQLState; {@link FailureClassifier} classifies it as {@link FailureClass#CIRCUIT_OPEN}.
 */
public final class CircuitOpenException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    public CircuitOpenException(String breaker, String state, String operation) {
        super(breaker + " - circuit breaker is " + state + "; operation '" + operation + "' failed fast");
    }
}
