package io.chaosharness.core.event;

import java.time.Instant;

/** One attempt of the availability check ({@code SELECT 1} bounded by its per-attempt timeout). */
public record AvailabilityCheckEvent(Instant at, int attempt, boolean available, double latencyMs, String message)
        implements HarnessEvent {
}
