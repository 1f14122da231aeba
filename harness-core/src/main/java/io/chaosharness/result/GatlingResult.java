package io.chaosharness.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The key figures of one Gatling simulation ({@code gatling/target/gatling-results/<simulation>.json},
 * {@code docs/result-schema.md}): Gatling's own figures merged with what the simulation recorded itself. Written by
 * the gatling module, read by the reports. Writers fill every member; a reader leaves {@code null} where a file lacks
 * an optional one.
 *
 * @param p50Ms        Gatling's percentiles and maximum, whole milliseconds as Gatling reports them
 * @param verdict      {@link Verdict#PASS} when every assertion passed
 * @param reportPath   Gatling's HTML report, relative to this file
 * @param target       where the load went (masked)
 * @param faults       the faults injected under load (additive to schema v1)
 * @param recovery     recovery after each fault, with the limit the simulation judged it by (additive to schema v1)
 * @param p99WindowMs  the width of one {@code p99Windows} entry (additive to schema v1)
 * @param p99Windows   {@code [offsetMs, requests, p99Ms]} per window (additive to schema v1)
 */
@JsonPropertyOrder({"schemaVersion", "simulation", "startedAt", "durationMs", "users", "requests", "failed",
        "failedPct", "meanMs", "p50Ms", "p95Ms", "p99Ms", "maxMs", "throughputRps", "emergencyAdminResponses",
        "verdict", "assertions", "reportPath", "target", "faults", "recovery", "p99WindowMs", "p99Windows"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatlingResult(int schemaVersion, String simulation, Instant startedAt, Long durationMs, Integer users,
                            Long requests, Long failed, Double failedPct, Double meanMs, Long p50Ms, Long p95Ms,
                            Long p99Ms, Long maxMs, Double throughputRps, Long emergencyAdminResponses,
                            Verdict verdict, List<Assertion> assertions, String reportPath, String target,
                            List<FaultRecord> faults, List<Recovery> recovery, Long p99WindowMs,
                            List<long[]> p99Windows) {

    /**
     * One objective: a Gatling assertion, or a criterion the simulation checked itself.
     *
     * @param measured what was measured, for criteria the simulation checked; {@code null} for Gatling assertions
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assertion(String description, boolean passed, String measured) {
    }
}
