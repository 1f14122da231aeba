package io.chaosharness.core.event;

import java.time.Instant;

/**
 * One physical attempt of a logical operation (attempt 1 is the first call, 2 the first retry).
 *
 * @param operation    the operation's name, e.g. {@code "select-1"} or {@code "authenticate"}
 * @param attempt      1-based attempt number within the operation
 * @param latencyMs    wall time of this attempt in milliseconds (fractional)
 * @param outcome      success or failure
 * @param failureClass the classifier's verdict for a failure ({@code TRANSIENT}, {@code UNSAFE_TO_REPEAT},
 *                     {@code PERMANENT}, {@code POOL_EXHAUSTED}, {@code CIRCUIT_OPEN}), {@code null} on success
 * @param sqlState     the failure's SQLState where one exists
 * @param message      the failure's message, secrets masked; {@code null} on success
 */
public record AttemptEvent(Instant at, String operation, int attempt, double latencyMs, Outcome outcome,
                           String failureClass, String sqlState, String message) implements HarnessEvent {
}
