package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while a scenario runs: the child JVM removes the faults, stops the PostgreSQL it started, writes the
 * scenario's result as {@code aborted} and a partial report, then exits with the signal's status.
 */
class RunAbortTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void sigtermDuringAScenarioWritesAPartialReportMarkedAbortedAndStopsItsPostgres() throws Exception {
        List<ProcessHandle> postgres;
        int code;
        HarnessProcess harness = HarnessProcess.start(work, Map.of(), "run", "--env", "embedded",
                "--scenarios", "latency,brief-outage", "--results", "results", "--report", "site");
        try (harness) {
            harness.awaitOutput(Duration.ofSeconds(90), "fault in force: latency");
            postgres = HarnessProcess.postgresOf(work);
            assertThat(postgres).as("the run's own PostgreSQL (data directory under the child's tmp)").isNotEmpty();

            harness.process().destroy(); // SIGTERM
            code = harness.waitFor(Duration.ofSeconds(90));
        }
        String out = harness.stdout();
        assertThat(code).as("the signal's exit status; stdout:\n%s\nstderr:\n%s", out, harness.stderr())
                .isEqualTo(128 + 15);
        assertThat(out).contains("aborting (Ctrl-C or SIGTERM)")
                .contains("[1/2] latency: ABORTED")
                .contains("aborted: 1 scenario(s) ran, 1 not started")
                .contains("report: ").contains("(incomplete)");
        JsonNode result = JSON.readTree(work.resolve("results/latency.json").toFile());
        assertThat(result.path("verdict").asText()).isEqualTo("aborted");
        assertThat(result.path("error").asText()).contains("cancelled");
        assertThat(result.path("timeline").findValuesAsText("phase")).as("the fault was in force").contains("APPLIED");
        Matcher api = Pattern.compile("faults only on the harness's own proxy http://127\\.0\\.0\\.1:(\\d+)").matcher(out);
        assertThat(api.find()).as("the proxy API address is printed").isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", Integer.parseInt(api.group(1))).close())
                .as("the run's proxy (and every fault on it) is gone").isInstanceOf(IOException.class);
        assertThat(work.resolve("results/brief-outage.json")).as("the scenario after the abort never started")
                .doesNotExist();
        JsonNode summary = JSON.readTree(work.resolve("site/summary.json").toFile());
        assertThat(summary.toString()).contains("aborted").contains("incomplete");
        assertThat(work.resolve("site/index.html")).exists();

        await("the run's PostgreSQL processes to end").atMost(Duration.ofSeconds(30))
                .until(() -> postgres.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(HarnessProcess.postgresOf(work)).as("no PostgreSQL of that run left").isEmpty();
        Path instances = work.resolve("tmp/chaos-harness/instances");
        if (Files.exists(instances)) {
            try (var left = Files.list(instances)) {
                assertThat(left).as("the embedded instance's files are deleted").isEmpty();
            }
        }
    }

    @Test
    void sigtermAgainstAnExternalTargetDropsTheRunSchemaAndLeavesNoConnection() throws Exception {
        String password = "abort-Kn0wn-pw-91c2";
        try (EmbeddedPostgres staging = EmbeddedPostgres.builder().start()) {
            try (Connection c = staging.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE staging_app LOGIN PASSWORD '" + password + "'");
                s.execute("CREATE DATABASE app OWNER staging_app");
            }
            String url = "postgresql://staging_app:" + password + "@127.0.0.1:" + staging.getPort() + "/app";
            int code;
            HarnessProcess harness = HarnessProcess.start(work, Map.of("HARNESS_TARGET_URL", url), "run",
                    "--env", "external", "--scenarios", "brief-outage", "--results", "results", "--report", "site");
            try (harness) {
                harness.awaitOutput(Duration.ofSeconds(90), "fault in force: proxy disabled");
                harness.process().destroy(); // SIGTERM while the proxy is down
                code = harness.waitFor(Duration.ofSeconds(90));
            }
            String out = harness.stdout();
            assertThat(code).as("stdout:\n%s\nstderr:\n%s", out, harness.stderr()).isEqualTo(128 + 15);
            assertThat(out).contains("[1/1] brief-outage: ABORTED").contains("(incomplete)");
            assertThat(harness.stderr()).as("cleanup had nothing to complain about").doesNotContain("could not");
            assertThat(JSON.readTree(work.resolve("results/brief-outage.json").toFile()).path("verdict").asText())
                    .isEqualTo("aborted");
            try (Connection c = staging.getDatabase("postgres", "app").getConnection();
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'chaos%'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the run's schema was dropped after the abort").isZero();
                }
                await("the harness's sessions on the target to end").atMost(Duration.ofSeconds(10))
                        .until(() -> sessionsOf(s, "staging_app") == 0);
            }
            assertThat(out + harness.stderr() + Files.readString(work.resolve("results/harness.log"))
                    + Files.readString(work.resolve("results/brief-outage.json"))).doesNotContain(password);
        }
    }

    private static int sessionsOf(Statement s, String user) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + user + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
