package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
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
                "--scenarios", "brief-outage,latency", "--results", "results", "--report", "site");
        try (harness) {
            try {
                await("the child running a scenario with its fault in force").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .failFast("the child exited", () -> !harness.process().isAlive())
                        .until(() -> harness.stdout().contains("[1/2] latency running:")
                                && harness.stdout().contains("fault in force: latency"));
            } catch (RuntimeException e) {
                throw new AssertionError(e.getMessage() + "; stdout:\n" + harness.stdout() + "\nstderr:\n"
                        + harness.stderr(), e);
            }
            postgres = postgresOf(work);
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
        assertThat(result.path("error").asText()).contains("interrupted");
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
        assertThat(postgresOf(work)).as("no PostgreSQL of that run left").isEmpty();
        Path instances = work.resolve("tmp/chaos-harness/instances");
        if (Files.exists(instances)) {
            try (var left = Files.list(instances)) {
                assertThat(left).as("the embedded instance's files are deleted").isEmpty();
            }
        }
    }

    /** PostgreSQL server processes whose command line points into {@code dir} (the child's data directory). */
    private static List<ProcessHandle> postgresOf(Path dir) {
        String marker = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }
}
