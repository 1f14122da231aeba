package io.chaosharness.report.internal;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.FaultRecord;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scenario result file as the report shows it: read through the result schema's reader
 * ({@link io.chaosharness.result.ResultFiles}), checked, masked, flattened for display, with its timeline already
 * bucketed. Faults, criteria and recovery are the schema's own types.
 *
 * @param verdict         the effective verdict: the file's, except that a file claiming {@code pass} with a failed
 *                        criterion counts as {@code fail} (and {@code notes} says so)
 * @param declaredVerdict the verdict as written in the file
 * @param figures         from the file's {@code summary}, completed from the timeline
 */
public record ScenarioReport(Path file, String scenario, String title, String description, Verdict verdict,
                             Verdict declaredVerdict, String seed, Instant startedAt, Long durationMs,
                             Map<String, String> environment, Map<String, String> config, List<FaultRecord> faults,
                             List<CriterionResult> criteria, List<Recovery> recovery, KeyFigures figures, String error,
                             Timeline timeline, List<String> notes) {
}
