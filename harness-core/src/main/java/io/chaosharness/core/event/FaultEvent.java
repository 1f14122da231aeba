package io.chaosharness.core.event;

import java.time.Instant;

/**
 * A fault applied or removed. The same {@code faultId} marks both ends of one fault window.
 *
 * @param phase       {@code APPLIED} or {@code REMOVED}
 * @param kind        the fault's kind, e.g. {@code latency}, {@code proxy-down}, {@code database-restart}
 * @param description human-readable parameters, e.g. {@code latency 200ms ±50ms downstream}
 */
public record FaultEvent(Instant at, String faultId, Phase phase, String kind, String description)
        implements HarnessEvent {

    /** Which end of the fault window. */
    public enum Phase {
        APPLIED,
        REMOVED
    }
}
