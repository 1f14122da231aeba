package io.chaosharness.report.internal;

import io.chaosharness.report.ScenarioVerdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scenario result file, read, checked and masked, with its timeline already bucketed.
 *
 * @param verdict         the effective verdict: the file's, except that a file claiming {@code pass} with a failed
 *                        criterion counts as {@code fail} (and {@code notes} says so)
 * @param declaredVerdict the verdict as written in the file
 * @param figures         from the file's {@code summary}, completed from the timeline
 */
public record ScenarioReport(Path file, String scenario, String title, String description, ScenarioVerdict verdict,
                             ScenarioVerdict declaredVerdict, String seed, Instant startedAt, Long durationMs,
                             Map<String, String> environment, Map<String, String> config, List<Fault> faults,
                             List<Criterion> criteria, List<Recovery> recovery, KeyFigures figures, String error,
                             Timeline timeline, List<String> notes) {

    /** One scheduled fault; offsets from {@code startedAt}. */
    public record Fault(String id, String kind, String description, Long startOffsetMs, Long durationMs) {
    }

    /** One success criterion and its measurement. */
    public record Criterion(String name, String seedCriterion, String target, String measured, boolean passed) {
    }

    /** Recovery after one fault window; {@code null} values mean "not reached within the scenario". */
    public record Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs) {
    }
}
