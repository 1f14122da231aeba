package io.chaosharness.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * One fault window as the timeline shows it: the {@code APPLIED} and {@code REMOVED} {@code FaultEvent}s of one
 * {@code faultId}.
 *
 * @param removed {@code null} when the fault was never removed within the run
 */
public record ObservedFault(String id, String kind, String description, Instant applied, Instant removed) {

    /** Whether {@code at} lies inside the window (a window never removed extends forever). */
    public boolean covers(Instant at) {
        return !at.isBefore(applied) && (removed == null || !at.isAfter(removed));
    }

    /** The window's length, or {@code null} if it never ended. */
    public Duration duration() {
        return removed == null ? null : Duration.between(applied, removed);
    }
}
