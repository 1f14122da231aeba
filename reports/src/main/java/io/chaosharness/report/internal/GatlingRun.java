package io.chaosharness.report.internal;

import io.chaosharness.result.GatlingResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One Gatling key-figure file as the report shows it (read as a {@link GatlingResult}).
 *
 * @param reportLink the Gatling HTML report as a relative link from the output folder, {@code null} when the file
 *                   names none or names something that is not a relative path
 * @param reportFound whether that report exists on disk
 */
public record GatlingRun(Path file, String simulation, Instant startedAt, Long durationMs, Integer users,
                         Long requests, Long failed, Double failedPct, Double meanMs, Double p50Ms, Double p95Ms,
                         Double p99Ms, Double maxMs, Double throughputRps, Long emergencyAdminResponses,
                         boolean passed, List<GatlingResult.Assertion> assertions, String reportLink,
                         boolean reportFound) {
}
