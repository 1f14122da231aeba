package io.chaosharness.core.event;

import java.time.Instant;

/**
 * The system under test exposes an internal on this timeline: its events of that kind are measured, and their absence
 * is a measurement (0 retries), not a lack of data. Recorded once per source, usually while the system starts.
 *
 * @param insight the {@code io.chaosharness.sut.Insight}'s name, e.g. {@code RETRIES}
 * @param source  what records it, e.g. {@code resilience4j retry 'login'} or {@code hikari pool 'app'}
 */
public record InsightEvent(Instant at, String insight, String source) implements HarnessEvent {
}
