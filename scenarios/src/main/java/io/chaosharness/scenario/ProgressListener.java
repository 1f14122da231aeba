package io.chaosharness.scenario;

import io.chaosharness.result.ScenarioResult;
import java.time.Duration;
import java.util.List;

/**
 * Hears how a run is going: scenario n of m, the faults in force, elapsed and remaining time. Called on the runner's
 * thread; keep implementations quick. Every method has a no-op default.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** Scenario {@code index} (1-based) of {@code count} starts; it is planned to take about {@code planned}. */
    default void scenarioStarted(int index, int count, Scenario scenario, Duration planned) {
    }

    /** About once a second while a scenario runs. */
    default void progress(Progress progress) {
    }

    /**
     * Scenario {@code index} of {@code count} will not run, and why (read-only, capabilities, caps); its result, verdict
     * {@code skipped} with the reason, is written all the same (no {@link #scenarioFinished} follows).
     */
    default void scenarioSkipped(int index, int count, Scenario scenario, String reason) {
    }

    /** Scenario {@code index} of {@code count} ended with {@code result} (already written). */
    default void scenarioFinished(int index, int count, ScenarioResult result) {
    }

    /**
     * A progress tick.
     *
     * @param activeFaults descriptions of the faults in force now
     * @param operations   operations ended so far
     * @param failed       of which failed
     */
    record Progress(String scenario, int index, int count, Duration elapsed, Duration remaining,
                    List<String> activeFaults, long operations, long failed) {

        @Override
        public String toString() {
            return "[" + index + "/" + count + "] " + scenario + " " + elapsed.toSeconds() + "s elapsed, ~"
                    + remaining.toSeconds() + "s left, " + operations + " ops (" + failed + " failed)"
                    + (activeFaults.isEmpty() ? "" : ", faults: " + String.join("; ", activeFaults));
        }
    }
}
