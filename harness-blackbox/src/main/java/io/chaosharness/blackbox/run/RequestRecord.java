package io.chaosharness.blackbox.run;

import java.util.Objects;

/**
 * One request of a journey as the load driver saw it end, in the terms the timeline records.
 *
 * @param operation    {@code journey/step}, the name the timeline and the report show
 * @param latencyMs    from the request's planned time to its end (open model: a stalled application shows up as
 *                     latency, not as fewer requests)
 * @param success      the status was one the step expects
 * @param failureClass {@code HTTP 503}, {@code TIMEOUT}, {@code CONNECT}, ...; {@code null} on success
 * @param fallback     the response matched the spec's fallback recogniser
 * @param detail       what came back, for the fallback's reason (status; never a body or a secret)
 */
public record RequestRecord(String operation, double latencyMs, boolean success, String failureClass,
                            boolean fallback, String detail) {

    public RequestRecord {
        Objects.requireNonNull(operation, "operation");
        if (!success) {
            Objects.requireNonNull(failureClass, "failureClass");
        }
    }
}
