package io.chaosharness.retry;

/**
 * When a failed attempt may be repeated.
 * <ul>
 *   <li>{@link FailureClass#PERMANENT} and {@link FailureClass#CIRCUIT_OPEN}: never.</li>
 *   <li>Idempotent operations, and operations carrying an idempotency key: on every retryable class, including
 *       {@link FailureClass#UNSAFE_TO_REPEAT}.</li>
 *   <li>Non-idempotent operations: only when the failure proves the operation never reached the server
 *       (no connection obtained, connect failure 08001/08004, pool timeout).</li>
 * </ul>
 */
public final class RetryRules {

    private RetryRules() {
    }

    /** Whether an attempt that failed with {@code failure} may be repeated. */
    public static boolean mayRepeat(Classification failure, boolean idempotent, boolean hasIdempotencyKey) {
        if (!failure.failureClass().retryable()) {
            return false;
        }
        if (idempotent || hasIdempotencyKey) {
            return true;
        }
        return failure.neverReachedServer();
    }
}
