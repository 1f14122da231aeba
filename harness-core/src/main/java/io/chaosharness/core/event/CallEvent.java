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
 * @param retries      the {@link RetryEvent}s the system recorded on the calling thread during the call (0 when it
 *                     exposes no retries, or files written before this member)
 */
public record CallEvent(Instant at, String operation, double latencyMs, Outcome outcome, String failureClass,
                        boolean fallback, int retries) implements HarnessEvent {

    public CallEvent {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, but was " + retries);
        }
    }

    /** A call during which the system recorded no retry. */
    public CallEvent(Instant at, String operation, double latencyMs, Outcome outcome, String failureClass,
                     boolean fallback) {
        this(at, operation, latencyMs, outcome, failureClass, fallback, 0);
    }
}
