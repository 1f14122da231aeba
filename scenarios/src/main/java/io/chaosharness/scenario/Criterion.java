package io.chaosharness.scenario;
import io.chaosharness.result.CriterionResult;


/**
 * A target a scenario must meet, judged from the run's timeline only ({@link RunTimeline}). Build the common ones
 * with {@link Criteria}.
 */
public interface Criterion {

    /** What is judged, e.g. {@code "p99 operation latency"}. */
    String name();

    /** The seed plan's criterion id this ties to, or {@code null}. */
    default String seedCriterion() {
        return null;
    }

    /** The target as a display string, e.g. {@code "< 100 ms"}. */
    String target();

    /** Judges the run. Never throws for a run that lacks data: that is a {@link Verdict#FAIL} saying so. */
    CriterionResult evaluate(RunTimeline timeline);
}
