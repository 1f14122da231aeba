package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.scenario.ScenarioCatalog;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped staging workflow's run of every scenario, read-only, against a healthy staging database. */
class AllScenariosOnStagingTest extends AgainstStaging {

    /** The scenarios a read-only staging run under the external defaults (8 workers, no database faults) skips. */
    private static final Map<String, String> READ_ONLY_SKIPS = Map.of(
            "long-outage", "read-only run: the emergency-admin fallback is reached only through logins",
            "long-outage-fast-fail", "read-only run: the emergency-admin fallback is reached only through logins",
            "write-safety", "read-only run: write-safety is about writes to the database",
            "pool-exhaustion", "the worker cap of 8 is below the 15 pool-exhaustion needs",
            "database-restart", "database-level faults are not allowed",
            "backend-termination", "database-level faults are not allowed",
            "too-many-connections", "database-level faults are not allowed",
            "too-many-connections-short-pool-timeout", "database-level faults are not allowed");

    /**
     * The shipped staging workflow's run: every scenario, read-only, external defaults. On a healthy database it exits
     * 0, or 1 where only speed targets were missed ({@link SpeedTargets}); what read-only or the cap would empty of
     * meaning is skipped, and the console, the report and summary.json list
     * each skip with its reason; the rest adapt and say so.
     */
    @Test
    void aReadOnlyStagingRunOfEveryScenarioOnAHealthyDatabaseExitsZeroAndReportsEverySkipWithItsReason()
            throws Exception {
        HarnessProcess harness = runAgainstStaging(Duration.ofMinutes(9), "run", "--env", "external", "--read-only",
                "--results", "results", "--report", "site");
        String out = harness.stdout();
        java.util.Set<String> slow = SpeedTargets.failedOnSpeedAlone(work.resolve("results"));
        assertThat(harness.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", out, harness.stderr())
                .isEqualTo(slow.isEmpty() ? HarnessCommand.EXIT_PASS : HarnessCommand.EXIT_FAIL);
        int all = ScenarioCatalog.all().size();
        int passed = all - READ_ONLY_SKIPS.size() - slow.size();
        assertThat(out).contains(passed + " passed, " + slow.size() + " not passed, " + READ_ONLY_SKIPS.size()
                + " skipped");
        READ_ONLY_SKIPS.forEach((id, reason) -> assertThat(out).as("console names the skip of " + id)
                .containsPattern("\\] " + java.util.regex.Pattern.quote(id) + ": SKIPPED - .*"
                        + java.util.regex.Pattern.quote(reason)));
        assertThat(out).as("the verdict line shows the design's departures and this run's adaptations")
                .contains("departs from the seed plan: socketTimeout=3")
                .contains("adapted to this run: lane main without authenticate (read-only)");

        JsonNode summary = JSON.readTree(work.resolve("site/summary.json").toFile());
        assertThat(summary.path("verdict").asText()).isEqualTo(slow.isEmpty() ? "pass" : "fail");
        assertThat(summary.path("counts").path("scenarios").asInt()).as("every selected scenario").isEqualTo(all);
        assertThat(summary.path("counts").path("skipped").asInt()).isEqualTo(READ_ONLY_SKIPS.size());
        Map<String, String> skipped = new java.util.HashMap<>();
        for (JsonNode n : summary.path("scenarios")) {
            if (n.path("verdict").asText().equals("skipped")) {
                skipped.put(n.path("scenario").asText(), n.path("skipReason").asText());
            }
        }
        assertThat(skipped.keySet()).isEqualTo(READ_ONLY_SKIPS.keySet());
        READ_ONLY_SKIPS.forEach((id, reason) -> assertThat(skipped.get(id)).as(id).contains(reason));
        String html = Files.readString(work.resolve("site/index.html"));
        assertThat(html).contains(passed + " passed, " + (slow.isEmpty() ? "" : slow.size() + " failed, ")
                + READ_ONLY_SKIPS.size() + " skipped (" + all + " scenarios)");
        READ_ONLY_SKIPS.keySet().forEach(id -> assertThat(html).as("banner lists " + id)
                .contains("<li><code>" + id + "</code>: "));
        JsonNode steady = JSON.readTree(work.resolve("results/steady-state.json").toFile());
        assertThat(steady.path("description").asText()).as("states what ran")
                .contains("8 concurrent users").doesNotContain("150 concurrent");
        assertThat(JSON.readTree(work.resolve("results/pool-exhaustion.json").toFile()).path("verdict").asText())
                .isEqualTo("skipped");
        assertNoSecretIn(harness);
    }
}
