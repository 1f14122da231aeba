package io.chaosharness.core.event;

import java.time.Instant;

/** {@code getConnection()} gave up after the pool timeout; the pool snapshot at that moment. */
public record PoolTimeoutEvent(Instant at, String pool, int total, int active, int idle, int waiting, long waitedMs)
        implements HarnessEvent {
}
