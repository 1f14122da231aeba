package io.chaosharness.core.event;

import java.time.Instant;

/**
 * The emergency-admin fallback engaged because the database was judged unavailable.
 *
 * @param principal who asked, masked where it could identify a person
 * @param granted   whether an emergency admin session was granted (only to the break-glass credential)
 * @param reason    why the database was judged unavailable
 */
public record FallbackEvent(Instant at, String principal, boolean granted, String reason) implements HarnessEvent {
}
