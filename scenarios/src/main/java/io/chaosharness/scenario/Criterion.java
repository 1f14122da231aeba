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

    /**
     * Why the target cannot be judged soundly (e.g. {@code < 0 %}, which no run can meet), or empty. Checked when a
     * scenario is built: {@link Scenario.Builder#build()} throws naming the scenario and this criterion.
     */
    default java.util.Optional<String> targetProblem() {
        return java.util.Optional.empty();
    }

    /**
     * Judges the run. Never throws for a run that lacks data: that is
     * {@link io.chaosharness.result.Verdict#NOT_MEASURED} saying so, never a pass.
     */
    CriterionResult evaluate(RunTimeline timeline);
}
