package io.chaosharness.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Recovery after one fault window ({@code recovery[]} in the result files). A value is {@code null} when recovery was
 * not reached within the run (or, in a Gatling file, not measured).
 *
 * @param faultId           the window's fault id
 * @param toFirstSuccessMs  from the fault's removal to the first operation that ended in success
 * @param toP99Under100msMs from the fault's removal to the first moment the latest operations have a p99 under
 *                          100 ms (scenarios: a 1 s sliding window; Gatling: 3 consecutive 1 s windows)
 * @param limitMs           how long recovery was allowed to take, where the writer judges it (Gatling), else
 *                          {@code null} and not written
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long limitMs) {

    /** A recovery without a limit (what scenarios write). */
    public Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs) {
        this(faultId, toFirstSuccessMs, toP99Under100msMs, null);
    }
}
