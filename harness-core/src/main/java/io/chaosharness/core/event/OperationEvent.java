package io.chaosharness.core.event;

import java.time.Instant;

/**
 * One logical operation, after all its attempts: what the caller saw.
 *
 * @param operation    the operation's name
 * @param attempts     how many physical attempts it took
 * @param latencyMs    wall time from the first attempt's start to the end, retries and backoff included
 * @param outcome      success or failure as seen by the caller
 * @param failureClass the final failure's class, {@code null} on success
 */
public record OperationEvent(Instant at, String operation, int attempts, double latencyMs, Outcome outcome,
                             String failureClass) implements HarnessEvent {
}
