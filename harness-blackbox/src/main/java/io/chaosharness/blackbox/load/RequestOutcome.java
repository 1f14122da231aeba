package io.chaosharness.blackbox.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request of an open-model run, from its plan to its end. Latency counts from the <em>planned</em> time, so a
 * stalled application shows up as latency, not as fewer requests (no coordinated omission); {@link #serviceMs()}
 * gives the time from the send instead, and their difference is the generator's own lag.
 *
 * @param journey    the journey's name ({@value LoadDriver#HEALTH_JOURNEY} for health probes)
 * @param step       the step's name
 * @param user       the virtual user (-1 for health probes)
 * @param sequence   the user's request number, from 0
 * @param planned    when the request was due
 * @param started    when it was handed to the HTTP client (equal to {@code ended} for a request never sent)
 * @param ended      when its answer was complete, or it failed, or it timed out
 * @param status     the HTTP status, 0 when there was no answer
 * @param errorClass {@code null} on success (an expected status)
 * @param fallback   whether the answer was the application's fallback (by the spec's recogniser)
 */
public record RequestOutcome(String journey, String step, int user, long sequence, Instant planned, Instant started,
                             Instant ended, int status, ErrorClass errorClass, boolean fallback) {

    public RequestOutcome {
        Objects.requireNonNull(journey, "journey");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
    }

    public boolean success() {
        return errorClass == null;
    }

    /** From the planned time to the end, in milliseconds (fractional): the latency a user saw. */
    public double latencyMs() {
        return Duration.between(planned, ended).toNanos() / 1e6;
    }

    /** From the send to the end, in milliseconds: the latency without the generator's lag. */
    public double serviceMs() {
        return Duration.between(started, ended).toNanos() / 1e6;
    }

    /** How late the generator sent the request, in milliseconds. */
    public double sendLagMs() {
        return Duration.between(planned, started).toNanos() / 1e6;
    }
}
