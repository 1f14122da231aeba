package io.chaosharness.core.event;

import java.time.Instant;

/** A retry the shared retry budget refused, so the operation failed instead of retrying. */
public record BudgetRefusalEvent(Instant at, String operation, int attempt, String reason) implements HarnessEvent {
}
