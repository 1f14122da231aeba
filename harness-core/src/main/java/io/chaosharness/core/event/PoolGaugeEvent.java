package io.chaosharness.core.event;

import java.time.Instant;

/** A sample of the pool's gauges; {@code max} is the configured {@code connection_limit}. */
public record PoolGaugeEvent(Instant at, String pool, int total, int active, int idle, int waiting, int max)
        implements HarnessEvent {

    /** Active connections against the configured maximum, 0..1. */
    public double utilisation() {
        return max == 0 ? 0.0 : (double) active / max;
    }
}
