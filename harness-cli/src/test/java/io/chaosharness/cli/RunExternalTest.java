package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.scenario.ScenarioCatalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./harness run --env external} end to end, as a child JVM, against a second PostgreSQL started here (standing
 * in for staging) with a known password; then everything the run produced is searched for that password.
 */
class RunExternalTest {

    private static final String PASSWORD = "Staging-Kn0wn-pw-4e1f";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPostgres staging;

    @TempDir
    Path work;

    @BeforeAll
    static void startStaging() throws Exception {
        staging = EmbeddedPostgres.builder().start();
        try (Connection c = staging.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE staging_app LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE app OWNER staging_app");
        }
    }

    @AfterAll
    static void stopStaging() throws IOException {
        if (staging != null) {
            staging.close();
        }
    }

    private static String targetUrl() {
        return "postgresql://staging_app:" + PASSWORD + "@127.0.0.1:" + staging.getPort()
                + "/app?connection_limit=15&pool_timeout=10";
    }

    /** Runs {@code harness args...} with {@code HARNESS_TARGET_URL} naming staging, to its end (at most 120 s). */
    private HarnessProcess runAgainstStaging(String... args) throws Exception {
        return runAgainstStaging(Duration.ofSeconds(120), args);
    }

    /** Runs {@code harness args...} with {@code HARNESS_TARGET_URL} naming staging, to its end (at most {@code limit}). */
    private HarnessProcess runAgainstStaging(Duration limit, String... args) throws Exception {
        HarnessProcess harness = HarnessProcess.start(work, Map.of("HARNESS_TARGET_URL", targetUrl()), args);
        try (harness) {
            harness.waitFor(limit);
        }
        return harness;
    }

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
     * 0; what read-only or the cap would empty of meaning is skipped, and the console, the report and summary.json list
     * each skip with its reason; the rest adapt and say so.
     */
    @Test
    void aReadOnlyStagingRunOfEveryScenarioOnAHealthyDatabaseExitsZeroAndReportsEverySkipWithItsReason()
            throws Exception {
        HarnessProcess harness = runAgainstStaging(Duration.ofMinutes(9), "run", "--env", "external", "--read-only",
                "--results", "results", "--report", "site");
        String out = harness.stdout();
        assertThat(harness.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", out, harness.stderr()).isZero();
        int all = ScenarioCatalog.all().size();
        assertThat(out).contains((all - READ_ONLY_SKIPS.size()) + " passed, 0 not passed, " + READ_ONLY_SKIPS.size()
                + " skipped");
        READ_ONLY_SKIPS.forEach((id, reason) -> assertThat(out).as("console names the skip of " + id)
                .containsPattern("\\] " + java.util.regex.Pattern.quote(id) + ": SKIPPED - .*"
                        + java.util.regex.Pattern.quote(reason)));
        assertThat(out).as("the verdict line shows the design's departures and this run's adaptations")
                .contains("departs from the seed plan: socketTimeout=3")
                .contains("adapted to this run: lane main without authenticate (read-only)");

        JsonNode summary = JSON.readTree(work.resolve("site/summary.json").toFile());
        assertThat(summary.path("verdict").asText()).isEqualTo("pass");
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
        assertThat(html).contains((all - READ_ONLY_SKIPS.size()) + " passed, " + READ_ONLY_SKIPS.size()
                + " skipped (" + all + " scenarios)");
        READ_ONLY_SKIPS.keySet().forEach(id -> assertThat(html).as("banner lists " + id)
                .contains("<li><code>" + id + "</code>: "));
        JsonNode steady = JSON.readTree(work.resolve("results/steady-state.json").toFile());
        assertThat(steady.path("description").asText()).as("states what ran")
                .contains("8 concurrent users").doesNotContain("150 concurrent");
        assertThat(JSON.readTree(work.resolve("results/pool-exhaustion.json").toFile()).path("verdict").asText())
                .isEqualTo("skipped");
        assertNoSecretIn(harness);
    }

    /** A duration cap that skips a scenario says so everywhere, and the run still passes on what ran. */
    @Test
    void aDurationCapThatSkipsAScenarioIsCountedInTheBannerAndTheRunStillPasses() throws Exception {
        HarnessProcess harness = runAgainstStaging("run", "--env", "external", "--read-only", "--scenarios",
                "steady-state,brief-outage", "--max-duration", "7s", "--results", "results", "--report", "site");
        String out = harness.stdout();
        assertThat(harness.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", out, harness.stderr()).isZero();
        assertThat(out).contains("brief-outage: SKIPPED - brief-outage needs 8 s, more than the cap of 7 s")
                .contains("1 passed, 0 not passed, 1 skipped");
        String html = Files.readString(work.resolve("site/index.html"));
        assertThat(html).contains("1 passed, 1 skipped (2 scenarios)")
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
        assertThat(harness.exitCode()).as("exit code; stdout:\n%s\nstderr:\n%s", out, harness.stderr()).isZero();
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
                .contains("[1/1] brief-outage: PASS in ")
                .contains("report: " + work.resolve("site").resolve("index.html").toRealPath() + " (pass)");

        JsonNode result = JSON.readTree(work.resolve("results/brief-outage.json").toFile());
        assertThat(result.path("verdict").asText()).isEqualTo("pass");
        assertThat(result.path("seed").asLong()).as("derived from the run seed").isNotZero();
        assertThat(result.path("environment").path("provider").asText()).isEqualTo("external");
        assertThat(result.path("config").path("databaseUrl").asText()).as("masked, and through the harness's proxy")
                .startsWith("postgresql://staging_app:****@127.0.0.1:")
                .doesNotContain(":" + staging.getPort() + "/");
        assertThat(Files.readString(work.resolve("site/summary.json"))).contains("\"pass\"");

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
                work.resolve("again").toString())).isZero();
        assertThat(reportOut.toString()).contains("harness report: pass - 1 scenario(s)");
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

    /** Stdout, stderr and every file the run wrote (results, harness.log, report, temporary files). */
    private void assertNoSecretIn(HarnessProcess harness) throws IOException {
        assertThat(harness.stdout()).as("stdout").doesNotContain(PASSWORD);
        assertThat(harness.stderr()).as("stderr").doesNotContain(PASSWORD);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(work)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).as("the run wrote results, a log and a report")
                .anyMatch(p -> p.endsWith("harness.log")).anyMatch(p -> p.endsWith("index.html"))
                .anyMatch(p -> p.getParent().endsWith("results") && p.toString().endsWith(".json"));
        byte[] secret = PASSWORD.getBytes(StandardCharsets.UTF_8);
        for (Path f : files) {
            assertThat(indexOf(Files.readAllBytes(f), secret)).as("password in %s", work.relativize(f)).isEqualTo(-1);
        }
        assertThat(Files.readString(work.resolve("results/harness.log"))).as("the log is not empty")
                .contains("external: ready");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
