package io.chaosharness.core.event;

import java.time.Instant;

/**
 * A retry that was scheduled: attempt {@code nextAttempt} will run after {@code delayMs}.
 *
 * @param failureClass the class of the failure that caused the retry
 */
public record RetryEvent(Instant at, String operation, int nextAttempt, long delayMs, String failureClass)
        implements HarnessEvent {
}
