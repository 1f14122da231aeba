package io.chaosharness.core.event;

import java.time.Instant;

/** A bulkhead refused a call because all its permits were taken. */
public record BulkheadRejectionEvent(Instant at, String bulkhead, int maxConcurrentCalls) implements HarnessEvent {
}
