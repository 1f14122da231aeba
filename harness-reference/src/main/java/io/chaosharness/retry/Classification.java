package io.chaosharness.retry;

/**
 * The classifier's reading of one failure.
 *
 * @param failureClass       the verdict
 * @param sqlState           the first SQLState found walking causes and next exceptions, or {@code null}
 * @param neverReachedServer whether the failure proves the operation never reached the server (connect failed,
 *                           pool timeout, circuit open), which makes even a non-idempotent write safe to repeat
 */
public record Classification(FailureClass failureClass, String sqlState, boolean neverReachedServer) {

    /** The same classification, additionally marked as never having reached the server. */
    public Classification neverReachedServer(boolean never) {
        return never == neverReachedServer ? this : new Classification(failureClass, sqlState, neverReachedServer || never);
    }
}
