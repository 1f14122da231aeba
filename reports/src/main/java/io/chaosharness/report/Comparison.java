package io.chaosharness.report;

import java.util.List;
import java.util.Map;

/**
 * An A/B comparison of two designs over the same scenarios: what {@link ComparisonReport} writes to
 * {@code comparison.json} and shows side by side in {@code index.html}. Verdicts are the result files' own
 * ({@code pass}, {@code fail}, {@code not-measured}, ...); nothing is re-judged.
 *
 * @param a           design A (the baseline)
 * @param b           design B (the candidate)
 * @param scenarios   one entry per scenario id, in A's order (then any only B ran)
 * @param regressions {@code scenario: criterion} that A meets and B does not; empty when B meets all A meets
 * @param incomplete  scenarios that did not run on both designs (missing, error, aborted), with why
 * @param conclusion  one line for the whole comparison
 */
public record Comparison(String generatedAt, DesignSide a, DesignSide b, List<ScenarioComparison> scenarios,
                         List<String> regressions, List<String> incomplete, String conclusion) {

    /** Whether B meets every criterion A meets, on every scenario, and every scenario ran on both. */
    public boolean bHoldsUp() {
        return regressions.isEmpty() && incomplete.isEmpty();
    }

    /**
     * One design as its result files recorded it.
     *
     * @param settings the design's effective settings ({@code config.design_settings} of its first result)
     */
    public record DesignSide(String name, String results, Map<String, Object> settings) {
    }

    /**
     * One scenario on both designs; {@code null} where a design has no result or no value.
     *
     * @param p99DiffMs      B's p99 minus A's, in ms
     * @param recoveryAMs    A's longest time from a fault's removal to the first success (over its faults)
     * @param recoveryDiffMs B's recovery minus A's, in ms
     * @param conclusion     one line: which design passes, and what differs
     * @param recovery       (additive) each fault window's recovery figures on both designs, paired in order of
     *                       application; empty when neither design has a fault window
     */
    public record ScenarioComparison(String scenario, String title, String verdictA, String verdictB,
                                     List<CriterionComparison> criteria, Double p99AMs, Double p99BMs,
                                     Double p99DiffMs, Long recoveryAMs, Long recoveryBMs, Long recoveryDiffMs,
                                     String conclusion, List<RecoveryComparison> recovery) {
    }

    /**
     * One fault window's recovery on both designs (the result files' {@code recovery[]}, in ms from the database
     * accepting connections again; {@code null} where not reached or not measured).
     *
     * @param faultId           the window's fault id (A's, else B's)
     * @param firstSuccessAMs   to the first successful operation
     * @param p99ByStartAMs     to the start of the earliest 1 s window of operations started in it with p99 < 100 ms
     * @param p99ByCompletionAMs to the first moment the operations that ended in the last 1 s have p99 < 100 ms
     * @param upMs              from the database back to the next fault window's application (A's, else B's), where
     *                          one followed ({@code recovery[].upMs}); else {@code null}
     */
    public record RecoveryComparison(String faultId, Long firstSuccessAMs, Long p99ByStartAMs,
                                     Long p99ByCompletionAMs, Long firstSuccessBMs, Long p99ByStartBMs,
                                     Long p99ByCompletionBMs, Long upMs) {

        /** A window no fault window followed. */
        public RecoveryComparison(String faultId, Long firstSuccessAMs, Long p99ByStartAMs, Long p99ByCompletionAMs,
                                  Long firstSuccessBMs, Long p99ByStartBMs, Long p99ByCompletionBMs) {
            this(faultId, firstSuccessAMs, p99ByStartAMs, p99ByCompletionAMs, firstSuccessBMs, p99ByStartBMs,
                    p99ByCompletionBMs, null);
        }

        /** A's by-start figure as the page shows it ({@link #byStart}). */
        public String byStartA() {
            return byStart(p99ByStartAMs);
        }

        /** B's by-start figure as the page shows it ({@link #byStart}). */
        public String byStartB() {
            return byStart(p99ByStartBMs);
        }

        /**
         * The figure in ms; where there is none, "not measurable" when the next fault window followed too soon for a
         * by-start window ({@link io.chaosharness.result.Recovery#p99ByStartMeasurable}), as the criterion reports
         * it, else "–" (not reached).
         */
        private String byStart(Long ms) {
            if (ms != null) {
                return String.valueOf(ms);
            }
            boolean measurable = new io.chaosharness.result.Recovery(faultId, null, null, null, null, upMs)
                    .p99ByStartMeasurable();
            return measurable ? "–" : "not measurable (up " + upMs + " ms)";
        }
    }

    /**
     * One criterion (matched by name) on both designs.
     *
     * @param passes {@code both}, {@code neither}, or the one design's name that meets it ({@code seed only})
     */
    public record CriterionComparison(String name, String targetA, String measuredA, String verdictA,
                                      String targetB, String measuredB, String verdictB, String passes) {
    }
}
