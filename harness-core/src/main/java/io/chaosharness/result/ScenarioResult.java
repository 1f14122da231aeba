package io.chaosharness.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chaosharness.core.event.HarnessEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one scenario run, exactly the document {@code docs/result-schema.md} describes (schema version
 * {@value ResultFiles#SCHEMA_VERSION}); {@link ResultFiles} writes it to {@code <dir>/<scenario>.json} and reads it
 * back. Writers fill every member; a reader leaves {@code null} where a file lacks an optional one ({@code seed},
 * {@code startedAt}, {@code durationMs}, {@code environment}, {@code summary}).
 *
 * @param verdict  {@link Verdict#PASS} when every criterion passed; {@link Verdict#ERROR} with {@link #error()} when the
 *                 scenario could not run; {@link Verdict#SKIPPED} with the reason in {@link #error()} when the run's
 *                 mode or caps ruled it out
 * @param config   the settings in force (URL masked), plus {@code notes} saying where a scenario departs from the
 *                 seed plan's defaults
 * @param timeline the run's events, possibly thinned (successful attempts only)
 * @param error    the masked reason an {@code error} or {@code aborted} run ended, or why a {@code skipped} scenario
 *                 did not run, else {@code null}
 */
@JsonPropertyOrder({"schemaVersion", "scenario", "title", "description", "verdict", "seed", "startedAt",
        "durationMs", "environment", "config", "faults", "criteria", "recovery", "summary", "error", "timeline"})
public record ScenarioResult(int schemaVersion, String scenario, String title, String description, Verdict verdict,
                             Long seed, Instant startedAt, Long durationMs, EnvironmentInfo environment,
                             Map<String, Object> config, List<FaultRecord> faults, List<CriterionResult> criteria,
                             List<Recovery> recovery, Summary summary,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                             List<HarnessEvent> timeline) {

    /** The criteria that failed. */
    @JsonIgnore
    public List<CriterionResult> failedCriteria() {
        return criteria.stream().filter(c -> !c.passed()).toList();
    }

    /** One line per criterion, then recovery: for failure messages and logs. */
    @JsonIgnore
    public String explain() {
        StringBuilder sb = new StringBuilder(scenario).append(": ").append(verdict.json());
        if (error != null) {
            sb.append(" — ").append(error);
        }
        for (CriterionResult c : criteria) {
            sb.append("\n  ").append(c.passed() ? "✓ " : "✗ ").append(c);
        }
        for (FaultRecord f : faults) {
            sb.append("\n  fault ").append(f.id()).append(" ").append(f.description()).append(" at ")
                    .append(f.startOffsetMs()).append(" ms for ").append(f.durationMs()).append(" ms");
        }
        for (Recovery r : recovery) {
            sb.append("\n  recovery ").append(r.faultId()).append(": first success ").append(r.toFirstSuccessMs())
                    .append(" ms, p99 < 100 ms after ").append(r.toP99Under100msMs()).append(" ms (by completion), ")
                    .append(r.toStartedP99Under100msMs()).append(" ms (by start)");
        }
        if (summary != null) {
            sb.append("\n  ").append(summary);
        }
        timeline.stream().filter(e -> e instanceof io.chaosharness.core.event.NoteEvent n
                        && "pool-snapshot".equals(n.source()))
                .map(e -> ((io.chaosharness.core.event.NoteEvent) e).message())
                .reduce((a, b) -> b).ifPresent(m -> sb.append("\n  pool ").append(m));
        return sb.toString();
    }
}
