package io.chaosharness.core.event;

import java.time.Instant;

/**
 * One call into the system under test, as the harness saw it from outside: recorded by the scenario runner around
 * every call, whatever the system records itself. Stamped when the call ended.
 *
 * @param operation    the workload operation's name ({@code read}, {@code write}, {@code authenticate}, ...)
 * @param latencyMs    wall time of the call in milliseconds (fractional), retries inside the system included
 * @param outcome      whether the call returned normally
 * @param failureClass the system's class for the failure ({@code SystemUnderTest.failureClass}), {@code null} on
 *                     success
 * @param fallback     whether the system reported taking its fallback path on this call
 */
public record CallEvent(Instant at, String operation, double latencyMs, Outcome outcome, String failureClass,
                        boolean fallback) implements HarnessEvent {
}
