package io.chaosharness.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Recovery after one fault window ({@code recovery[]} in the result files). A value is {@code null} when recovery was
 * not reached within the run (or, in a Gatling file or a file written before the value existed, not measured).
 *
 * @param faultId                  the window's fault id
 * @param toFirstSuccessMs         from the database accepting connections again (the fault's removal) to the first
 *                                 operation that ended in success
 * @param toP99Under100msMs        by completion: from the removal to the first moment the latest operations have a
 *                                 p99 under 100 ms (scenarios: those that ended in the 1 s sliding window before it,
 *                                 at least 10; Gatling: 3 consecutive 1 s windows)
 * @param toStartedP99Under100msMs by start (additive): from the removal to the start of the earliest 1 s sliding
 *                                 window whose operations started in it (at least 10, all started at or after the
 *                                 removal) have a p99 under 100 ms; operations that waited through the fault and
 *                                 ended after it do not count, so this measures the design after the fault;
 *                                 not written when {@code null} (not reached, or not measured: the Gatling file,
 *                                 files written before it existed), so that an earlier file is written again
 *                                 member for member
 * @param limitMs                  how long recovery was allowed to take, where the writer judges it (Gatling), else
 *                                 {@code null} and not written
 * @param upMs                     (additive) how long the database stayed up after this window before the next fault
 *                                 window was applied, where one followed; {@code null} and not written when none
 *                                 followed (the run's end bounds recovery then) or where not measured (Gatling, earlier
 *                                 files). The by-start windows of this fault end by then: operations started in the
 *                                 next fault window measure that fault, not the recovery from this one
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long toStartedP99Under100msMs,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long limitMs,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long upMs) {

    /**
     * How long the database must stay up after a window for its by-start p99 to be measurable: the 1 s deadline plus
     * the 1 s window (a window starting within the deadline must end before the next fault window is applied).
     */
    public static final long P99_BY_START_NEEDS_UP_MS = 2_000;

    /**
     * Whether the by-start p99 could be measured after this window: {@code false} where the next fault window
     * followed within {@link #P99_BY_START_NEEDS_UP_MS} ({@code upMs}), so a {@code null} figure there means "not
     * measurable", not "never reached". Not a record component: never written to the result files.
     */
    public boolean p99ByStartMeasurable() {
        return upMs == null || upMs >= P99_BY_START_NEEDS_UP_MS;
    }

    /** A recovery with no fault window after it (or none measured): {@code upMs} {@code null}. */
    public Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs, Long toStartedP99Under100msMs,
                    Long limitMs) {
        this(faultId, toFirstSuccessMs, toP99Under100msMs, toStartedP99Under100msMs, limitMs, null);
    }

    /** A recovery judged against a limit, without the by-start figure (what the Gatling file writes). */
    public Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs, Long limitMs) {
        this(faultId, toFirstSuccessMs, toP99Under100msMs, null, limitMs, null);
    }

    /** A recovery with the completion-based figures only (a by-start figure not measured). */
    public Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs) {
        this(faultId, toFirstSuccessMs, toP99Under100msMs, null, null, null);
    }
}
