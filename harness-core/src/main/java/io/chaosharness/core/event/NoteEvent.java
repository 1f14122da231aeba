package io.chaosharness.core.event;

import java.time.Instant;

/** Anything else worth placing on the timeline: environment started, recovery measured, phase changes. */
public record NoteEvent(Instant at, String source, String message) implements HarnessEvent {
}
