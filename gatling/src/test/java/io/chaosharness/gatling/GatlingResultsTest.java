package io.chaosharness.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The post-processor against a real Gatling 3.15.1 report (FaultUnderLoad, kept as a fixture). */
class GatlingResultsTest {

    private static String fixture() throws Exception {
        try (InputStream in = GatlingResultsTest.class.getResourceAsStream("/gatling-report/faultunderload-index.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheAllRequestsRowOfARealReport() throws Exception {
        Map<Integer, String> row = GatlingResults.rootRow(fixture());
        assertThat(row).as("columns 2..14").containsKeys(2, 4, 6, 8, 10, 11, 12, 13);
        assertThat(Long.parseLong(row.get(2))).as("total requests").isPositive();
    }

    @Test
    void aReportWithoutTheRowIsAClearError() {
        assertThatThrownBy(() -> GatlingResults.rootRow("<html></html>")).hasMessageContaining("All Requests");
    }

    @Test
    void writesSchemaV1FromReportAndRunRecordAndFailsOnAMissedCriterion(@TempDir Path build) throws Exception {
        Instant started = Instant.parse("2026-11-27T16:08:45.815Z");
        Path run = build.resolve("gatling").resolve("faultunderload-20261127160845824");
        Files.createDirectories(run);
        Files.writeString(run.resolve("index.html"), fixture());
        Files.createDirectories(build.resolve("gatling-sidecar"));
        Files.writeString(build.resolve("gatling-sidecar").resolve("FaultUnderLoad.json"), """
                {"simulation":"FaultUnderLoad","startedAt":"2026-11-27T16:08:45.815Z","durationMs":28864,"users":100,
                 "emergencyAdminResponses":2,"criteria":[{"description":"zero emergency-admin responses","passed":false,
                 "measured":"2 of 2666 responses"}],"error":null,
                 "faults":[{"id":"f1","kind":"reset-peer","description":"reset_peer downstream","startOffsetMs":10000,"durationMs":3000}],
                 "recovery":[{"faultId":"f1","toFirstSuccessMs":null,"toP99Under100msMs":2000,"limitMs":5000}],
                 "p99SeriesBucketMs":1000,"p99Series":[[0,90,12],[1000,95,14]]}
                """);

        assertThatThrownBy(() -> GatlingResults.main(new String[] {build.toString(), "FaultUnderLoad"}))
                .hasMessageContaining("FaultUnderLoad");

        JsonNode out = RunRecord.JSON.readTree(build.resolve("gatling-results/FaultUnderLoad.json").toFile());
        assertThat(out.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(out.path("startedAt").asText()).isEqualTo(started.toString());
        for (String member : new String[] {"simulation", "durationMs", "users", "requests", "failed", "failedPct",
                "meanMs", "p50Ms", "p95Ms", "p99Ms", "maxMs", "throughputRps", "emergencyAdminResponses", "verdict",
                "assertions", "reportPath"}) {
            assertThat(out.has(member)).as("member %s", member).isTrue();
        }
        assertThat(out.path("verdict").asText()).as("a failed criterion fails the run").isEqualTo("fail");
        assertThat(out.path("emergencyAdminResponses").asLong()).isEqualTo(2);
        assertThat(out.path("reportPath").asText()).isEqualTo("../gatling/faultunderload-20261127160845824/index.html");
        assertThat(out.path("faults").get(0).path("startOffsetMs").asLong()).as("faults pass through").isEqualTo(10000);
        assertThat(out.path("recovery").get(0).path("limitMs").asLong()).as("recovery passes through").isEqualTo(5000);
        assertThat(out.path("p99Windows").get(1).get(2).asLong()).as("p99 windows pass through").isEqualTo(14);
        assertThat(out.path("assertions").findValuesAsText("description"))
                .contains("Global: percentage of failed events is less than 1.0", "zero emergency-admin responses");
    }

    @Test
    void aSimulationWithoutARunRecordFailsTheStep(@TempDir Path build) {
        assertThatThrownBy(() -> GatlingResults.main(new String[] {build.toString(), "Soak"}))
                .hasMessageContaining("Soak");
    }
}
