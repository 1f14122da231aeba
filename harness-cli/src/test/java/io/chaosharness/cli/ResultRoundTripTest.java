package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.report.internal.ResultReader;
import io.chaosharness.report.internal.ScenarioReport;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.EnvironmentInfo;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.Criteria;
import io.chaosharness.scenario.Measurements;
import io.chaosharness.scenario.RunTimeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document a scenario run writes is the document the report reads: built the way {@code ScenarioRunner} builds
 * it (measurements and criteria from a timeline), written by the one writer, read back by the report's reader.
 */
class ResultRoundTripTest {

    static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
    static final String PASSWORD = "rt-s3cr3t";

    @TempDir
    Path dir;

    @Test
    void whatTheScenariosWriteTheReportReadsUnchanged() throws Exception {
        List<HarnessEvent> events = new ArrayList<>();
        events.add(new FaultEvent(T0.plusMillis(1000), "f1", FaultEvent.Phase.APPLIED, "proxy-down", "proxy disabled"));
        events.add(new FaultEvent(T0.plusMillis(2000), "f1", FaultEvent.Phase.REMOVED, "proxy-down", "proxy disabled"));
        for (int i = 0; i < 40; i++) {
            boolean inWindow = i * 100 >= 1000 && i * 100 < 2000;
            events.add(new OperationEvent(T0.plusMillis(i * 100L + 50), "read", inWindow ? 2 : 1,
                    inWindow ? 150.0 : 3.0 + i % 4, i == 15 ? Outcome.FAILURE : Outcome.SUCCESS,
                    i == 15 ? "TRANSIENT" : null));
        }
        events.add(new PoolGaugeEvent(T0.plusMillis(500), "pool", 5, 2, 3, 0, 10));
        events.sort(java.util.Comparator.comparing(HarnessEvent::at));
        RunTimeline timeline = new RunTimeline(events, T0, T0.plusMillis(4000));
        List<CriterionResult> criteria = List.of(Criteria.noFallbacks().evaluate(timeline),
                Criteria.p99Below(100).evaluate(timeline));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("databaseUrl", "postgresql://harness:" + PASSWORD + "@127.0.0.1:5432/harness?connection_limit=10");
        config.put("connection_limit", 10);
        config.put("seed", 20261127L);
        ScenarioResult written = new ScenarioResult(ResultFiles.SCHEMA_VERSION, "round-trip", "Round trip",
                "Written by the scenarios' writer, read by the report.", Verdict.FAIL, 42L, T0, 4000L,
                new EnvironmentInfo("embedded", "17.11", "embedded (Toxiproxy 2.12.0 API)", "abc1234", "17.0.15"),
                config, Measurements.faults(timeline), criteria, Measurements.recovery(timeline),
                Measurements.summary(timeline), null, events);

        Path file = ResultFiles.write(written, dir);
        ScenarioReport read = new ResultReader(new ObjectMapper()).readScenario(file, true);

        assertThat(Files.readString(file)).as("no password in the file").doesNotContain(PASSWORD);
        assertThat(read.scenario()).isEqualTo("round-trip");
        assertThat(read.title()).isEqualTo("Round trip");
        assertThat(read.declaredVerdict()).isEqualTo(Verdict.FAIL);
        assertThat(read.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(read.seed()).isEqualTo("42");
        assertThat(read.startedAt()).isEqualTo(T0);
        assertThat(read.durationMs()).isEqualTo(4000L);
        assertThat(read.faults()).as("the schema's fault records, as written").isEqualTo(written.faults());
        assertThat(read.criteria()).as("the schema's criterion results, as written").isEqualTo(written.criteria());
        assertThat(read.recovery()).as("the schema's recovery entries, as written").isEqualTo(written.recovery());
        assertThat(read.figures().operations()).isEqualTo(written.summary().operations());
        assertThat(read.figures().failed()).isEqualTo(1);
        assertThat(read.figures().p99Ms()).isEqualTo(written.summary().p99Ms());
        assertThat(read.environment()).containsEntry("postgresVersion", "17.11").containsEntry("commit", "abc1234");
        assertThat(read.config()).containsEntry("connection_limit", "10").containsEntry("seed", "20261127");
        assertThat(read.config().get("databaseUrl")).contains("harness:****@127.0.0.1");
        assertThat(read.timeline().faultWindows()).singleElement()
                .satisfies(w -> assertThat(w.fromS()).isEqualTo(1.0));
        assertThat(read.timeline().events()).as("every event reached the report").isEqualTo((long) events.size());
        assertThat(read.timeline().skippedEvents()).isZero();
    }
}
