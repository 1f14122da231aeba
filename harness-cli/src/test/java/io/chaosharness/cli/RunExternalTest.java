package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.scenario.ScenarioCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./harness run --env external}: progress, exit codes, caps and read-only, and no secret left anywhere. */
class RunExternalTest extends AgainstStaging {

    /**
     * A duration cap that skips a scenario says so everywhere, and the run still passes on what ran (or fails on
     * steady-state's speed targets alone, {@link SpeedTargets}).
     */
    @Test
    void aDurationCapThatSkipsAScenarioIsCountedInTheBannerAndTheRunStillPasses() throws Exception {
        HarnessProcess harness = runAgainstStaging("run", "--env", "external", "--read-only", "--scenarios",
                "steady-state,brief-outage", "--max-duration", "7s", "--results", "results", "--report", "site");
        String out = harness.stdout();
        boolean slow = !SpeedTargets.failedOnSpeedAlone(work.resolve("results")).isEmpty();
        assertThat(harness.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", out, harness.stderr())
                .isEqualTo(slow ? HarnessCommand.EXIT_FAIL : HarnessCommand.EXIT_PASS);
        assertThat(out).contains("brief-outage: SKIPPED - brief-outage needs 8 s, more than the cap of 7 s")
                .contains(slow ? "0 passed, 1 not passed, 1 skipped" : "1 passed, 0 not passed, 1 skipped");
        String html = Files.readString(work.resolve("site/index.html"));
        assertThat(html).contains(slow ? "0 passed, 1 failed, 1 skipped (2 scenarios)" : "1 passed, 1 skipped (2 scenarios)")
                .contains("<li><code>brief-outage</code>: brief-outage needs 8 s, more than the cap of 7 s</li>");
        JsonNode brief = JSON.readTree(work.resolve("results/brief-outage.json").toFile());
        assertThat(brief.path("verdict").asText()).isEqualTo("skipped");
        assertThat(brief.path("error").asText()).contains("cap of 7 s");
    }

    @Test
    void aPassingRunExitsZeroPrintsProgressWritesTheReportAndLeavesNothingOnTheTarget() throws Exception {
        HarnessProcess harness = runAgainstStaging("run", "--env", "external", "--scenarios", "brief-outage",
                "--seed", "7", "--results", "results", "--report", "site");
        String out = harness.stdout();
        // brief-outage passes here, or fails on its speed targets alone on a loaded machine (SpeedTargets)
        String v = SpeedTargets.failedOnSpeedAlone(work.resolve("results")).isEmpty() ? "pass" : "fail";
        assertThat(harness.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", out, harness.stderr())
                .isEqualTo(v.equals("pass") ? HarnessCommand.EXIT_PASS : HarnessCommand.EXIT_FAIL);
        assertThat(out)
                .contains("1 scenario(s) on the external environment in front of postgresql://staging_app:****@127.0.0.1:"
                        + staging.getPort() + "/app, seed 7")
                .contains("pool parameters (connection_limit=15, pool_timeout=10) are the design under test's: design 'seed'")
                .contains("write scenarios use the schema chaos_harness_run_")
                .contains("[1/1] brief-outage - Brief outage (planned " + DurationConverter.format(
                        ScenarioCatalog.byId("brief-outage").orElseThrow().plannedDuration()) + ", 1 fault window(s))")
                .containsPattern("\\[1/1] brief-outage running: \\d+ s elapsed, ~\\d+ s left, \\d+ ops \\(\\d+ failed\\), "
                        + "fault in force: none")
                .contains("fault in force: proxy disabled")
                .contains("[1/1] brief-outage: " + v.toUpperCase(java.util.Locale.ROOT) + " in ")
                .contains("report: " + work.resolve("site").resolve("index.html").toRealPath() + " (" + v + ")");

        JsonNode result = JSON.readTree(work.resolve("results/brief-outage.json").toFile());
        assertThat(result.path("verdict").asText()).isEqualTo(v);
        assertThat(result.path("seed").asLong()).as("derived from the run seed").isNotZero();
        assertThat(result.path("environment").path("provider").asText()).isEqualTo("external");
        assertThat(result.path("config").path("databaseUrl").asText()).as("masked, and through the harness's proxy")
                .startsWith("postgresql://staging_app:****@127.0.0.1:")
                .doesNotContain(":" + staging.getPort() + "/");
        assertThat(Files.readString(work.resolve("site/summary.json"))).contains("\"" + v + "\"");

        try (Connection c = staging.getDatabase("postgres", "app").getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'chaos_harness%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the run's schema was dropped").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'staging_app'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("no connection of the harness is left on the target").isZero();
            }
        }
        assertNoSecretIn(harness);

        // the same results, reported again by `harness report`
        StringWriter reportOut = new StringWriter();
        CommandLine cl = HarnessCommand.commandLine();
        cl.setOut(new PrintWriter(reportOut, true));
        assertThat(cl.execute("report", "--results", work.resolve("results").toString(), "--out",
                work.resolve("again").toString())).as("the report is written whatever the verdict").isZero();
        assertThat(reportOut.toString()).contains("harness report: " + v + " - 1 scenario(s)");
        assertThat(work.resolve("again/index.html")).exists();
    }

    @Test
    void aCriterionNotMetExitsOneWithTheFailedCriteriaNamed() throws Exception {
        HarnessProcess harness = runAgainstStaging("run", "--env", "external", "--scenarios", "brief-outage",
                "--weakened", "--results", "results", "--report", "site");
        String out = harness.stdout();
        assertThat(harness.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", out, harness.stderr())
                .isEqualTo(HarnessCommand.EXIT_FAIL);
        assertThat(out).contains("[1/1] brief-outage - Brief outage (weakened: no retries, no breaker, no budget, no socket timeout)")
                .contains("fault in force: proxy disabled")
                .containsPattern("\\[1/1] brief-outage: FAIL in [0-9.]+ s - \\d+ of \\d+ criteria not met: ")
                .contains("report: ").contains("(fail)");
        assertThat(JSON.readTree(work.resolve("results/brief-outage.json").toFile()).path("verdict").asText())
                .isEqualTo("fail");
        assertNoSecretIn(harness);
    }

    @Test
    void aReadOnlyRunCreatesNothingOnTheTarget() throws Exception {
        HarnessProcess harness = runAgainstStaging("run", "--read-only", "--scenarios", "brief-outage",
                "--max-concurrency", "2", "--results", "results", "--report", "site");
        String out = harness.stdout();
        assertThat(harness.exitCode())
                .as("criteria are judged (0 or 1), not a usage error; stdout:\n%s\nstderr:\n%s", out, harness.stderr())
                .isIn(HarnessCommand.EXIT_PASS, HarnessCommand.EXIT_FAIL);
        assertThat(out).as("the variable alone selects external")
                .contains("on the external environment in front of postgresql://staging_app:****@")
                .doesNotContain("write scenarios use the schema")
                .contains("[1/1] brief-outage: ");
        try (Connection c = staging.getDatabase("postgres", "app").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("no table, schema object or sequence created on the target").isZero();
        }
        assertNoSecretIn(harness);
    }
}
