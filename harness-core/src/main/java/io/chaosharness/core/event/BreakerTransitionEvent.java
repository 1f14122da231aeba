package io.chaosharness.core.event;

import java.time.Instant;

/** The circuit breaker changed state, e.g. {@code CLOSED -> OPEN}. */
public record BreakerTransitionEvent(Instant at, String breaker, String from, String to) implements HarnessEvent {
}
