package io.chaosharness.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One evaluated criterion, as written to {@code criteria[]} of the result file.
 *
 * @param name          what is judged, e.g. {@code "p99 operation latency"}
 * @param seedCriterion the seed plan's criterion this ties to ({@code query-latency}, ...), or {@code null}
 * @param target        the target as a display string, e.g. {@code "< 100 ms"}
 * @param measured      what was measured, as a display string
 * @param verdict       {@link Verdict#PASS} or {@link Verdict#FAIL}
 * @param measuredValue the measured number where one exists
 * @param targetValue   the target number where one exists
 * @param detail        what a reader needs to understand a failure (offending events, counts), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CriterionResult(String name, String seedCriterion, String target, String measured, Verdict verdict,
                              Double measuredValue, Double targetValue, String detail) {

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    @Override
    public String toString() {
        return name + ": " + measured + " (target " + target + ") " + verdict.json()
                + (detail == null ? "" : " — " + detail);
    }
}
