package io.chaosharness.retry;

/**
 * The classifier's verdict on a failure, as recorded on the timeline ({@code AttemptEvent.failureClass}).
 * See {@link FailureClassifier} for the SQLState table.
 */
public enum FailureClass {
    /** The database or the network was briefly unavailable; repeating may succeed. */
    TRANSIENT(true, true),
    /** The outcome is unknown (08007, 40003): repeating is safe only for idempotent operations or under a key. */
    UNSAFE_TO_REPEAT(true, true),
    /** Misconfiguration, bad SQL, constraint violations, statement timeouts: repeating will fail the same way. */
    PERMANENT(false, false),
    /** HikariCP gave up waiting for a connection ({@code pool_timeout}); retried like {@link #TRANSIENT}. */
    POOL_EXHAUSTED(true, true),
    /** The circuit breaker refused the call without trying; nothing reached the server. */
    CIRCUIT_OPEN(false, false);

    private final boolean retryable;
    private final boolean countsAgainstBreaker;

    FailureClass(boolean retryable, boolean countsAgainstBreaker) {
        this.retryable = retryable;
        this.countsAgainstBreaker = countsAgainstBreaker;
    }

    /** Whether a retry may help (for {@link #UNSAFE_TO_REPEAT} only under {@link RetryRules}' conditions). */
    public boolean retryable() {
        return retryable;
    }

    /** Whether this failure is evidence of unavailability, i.e. a failure for the circuit breaker. */
    public boolean countsAgainstBreaker() {
        return countsAgainstBreaker;
    }
}
