package io.chaosharness.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
    static final String PASSWORD = "s3cr3t-P@ss";

    @TempDir
    Path dir;

    /** A result as a scenario run builds it, secrets and all. */
    static ScenarioResult sample() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("databaseUrl", "postgresql://harness:" + PASSWORD + "@127.0.0.1:5432/harness?connection_limit=15");
        config.put("connection_limit", 15);
        config.put("retry_budget_ratio", 0.2);
        config.put("notes", List.of("pool_timeout 2 s instead of 10 s"));
        List<HarnessEvent> events = new ArrayList<>();
        events.add(new FaultEvent(T0.plusMillis(1000), "f1", FaultEvent.Phase.APPLIED, "proxy-down", "proxy disabled"));
        for (int i = 0; i < 20; i++) {
            events.add(new OperationEvent(T0.plusMillis(100L * i + 5), "select-1", i % 5 == 0 ? 2 : 1, 2.5 + i,
                    i == 12 ? Outcome.FAILURE : Outcome.SUCCESS, i == 12 ? "TRANSIENT" : null));
        }
        events.add(new FaultEvent(T0.plusMillis(3000), "f1", FaultEvent.Phase.REMOVED, "proxy-down", "proxy disabled"));
        events.add(new NoteEvent(T0.plusMillis(3001), "pool", "token=abc123 for postgresql://u:" + PASSWORD + "@h/db"));
        return new ScenarioResult(ResultFiles.SCHEMA_VERSION, "brief-outage", "Brief outage", "Proxy down for 2 s.",
                Verdict.FAIL, -2441813010951114061L, T0, 5000L,
                new EnvironmentInfo("embedded", "17.11", "embedded (Toxiproxy 2.12.0 API)", null, "17.0.15"), config,
                List.of(new FaultRecord("f1", "proxy-down", "proxy disabled", 1000L, 2000L)),
                List.of(new CriterionResult("emergency-admin fallbacks", "emergency-admin-fallbacks", "= 0", "0",
                                Verdict.PASS, 0.0, 0.0, null),
                        new CriterionResult("error rate after retries", "error-rate", "< 1 %", "5.00 %", Verdict.FAIL,
                                5.0, 1.0, "1 of 20 operations failed")),
                List.of(new Recovery("f1", 140L, null)),
                new Summary(20L, 1L, 24L, 4L, 0L, 0L, 12.0, 12.5, 21.5, 21.5, 0.4, 21.5, 0L, 0L, 0.05), null, events);
    }

    @Test
    void whatIsWrittenIsReadBackAsTheSameResultWithSecretsMasked() throws Exception {
        ScenarioResult written = sample();

        Path file = ResultFiles.write(written, dir);
        ScenarioResult read = ResultFiles.readScenario(file);

        assertThat(file).isEqualTo(dir.resolve("brief-outage.json"));
        assertThat(Files.readString(file)).as("no secret anywhere in the file").doesNotContain(PASSWORD)
                .doesNotContain("abc123");
        assertThat(read.scenario()).isEqualTo("brief-outage");
        assertThat(read.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(read.seed()).isEqualTo(-2441813010951114061L);
        assertThat(read.startedAt()).isEqualTo(T0);
        assertThat(read.environment()).isEqualTo(written.environment());
        assertThat(read.faults()).isEqualTo(written.faults());
        assertThat(read.criteria()).isEqualTo(written.criteria());
        assertThat(read.recovery()).isEqualTo(written.recovery());
        assertThat(read.summary()).isEqualTo(written.summary());
        assertThat(read.config()).containsEntry("connection_limit", 15).containsEntry("retry_budget_ratio", 0.2)
                .containsEntry("notes", List.of("pool_timeout 2 s instead of 10 s"));
        assertThat(read.config().get("databaseUrl")).asString().contains("harness:****@127.0.0.1");
        assertThat(read.timeline()).as("typed events, in order").hasSameSizeAs(written.timeline())
                .startsWith(written.timeline().get(0));
        assertThat(read.timeline().subList(1, 21)).isEqualTo(written.timeline().subList(1, 21));
        assertThat(((NoteEvent) read.timeline().get(22)).message()).isEqualTo("token=**** for postgresql://u:****@h/db");
    }

    @Test
    void theDocumentKeepsTheSchemaV1MembersAndTheirOrder() throws Exception {
        Path file = ResultFiles.write(sample(), dir);
        JsonNode json = ResultFiles.readTree(file);

        List<String> members = new ArrayList<>();
        json.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("schemaVersion", "scenario", "title", "description", "verdict", "seed",
                "startedAt", "durationMs", "environment", "config", "faults", "criteria", "recovery", "summary",
                "timeline");
        assertThat(json.path("startedAt").asText()).isEqualTo("2026-11-27T15:00:00Z");
        assertThat(json.path("recovery").get(0).has("toP99Under100msMs")).as("null recovery written as null").isTrue();
        assertThat(json.path("recovery").get(0).has("limitMs")).as("no limit, no member").isFalse();
        assertThat(json.path("recovery").get(0).has("upMs")).as("no fault after it, no member").isFalse();
        assertThat(json.path("criteria").get(0).has("detail")).as("absent detail not written").isFalse();
        assertThat(json.path("timeline").get(0).path("type").asText()).isEqualTo("fault");
    }

    @Test
    void theTimeUpBeforeTheNextFaultWindowIsWrittenAfterTheOtherRecoveryMembersAndReadBack() throws Exception {
        ScenarioResult s = sample();
        ScenarioResult two = new ScenarioResult(s.schemaVersion(), s.scenario(), s.title(), s.description(),
                s.verdict(), s.seed(), s.startedAt(), s.durationMs(), s.environment(), s.config(), s.faults(),
                s.criteria(), List.of(new Recovery("f1", 25L, 1020L, null, null, 960L), new Recovery("f2", 14L, 40L,
                12L, null)), s.summary(), s.error(), s.timeline());

        Path file = ResultFiles.write(two, dir);
        JsonNode first = ResultFiles.readTree(file).path("recovery").get(0);

        List<String> members = new ArrayList<>();
        first.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("faultId", "toFirstSuccessMs", "toP99Under100msMs", "upMs");
        assertThat(first.path("upMs").asLong()).isEqualTo(960);
        assertThat(ResultFiles.readScenario(file).recovery()).isEqualTo(two.recovery());
    }

    @Test
    void aGatlingResultIsWrittenAndReadBack() throws Exception {
        GatlingResult g = new GatlingResult(ResultFiles.SCHEMA_VERSION, "OutageUnderLoad", T0, 30_000L, 200, 18_211L,
                3L, 0.02, 6.2, 4L, 15L, 38L, 140L, 607.0, 0L, Verdict.PASS,
                List.of(new GatlingResult.Assertion("Global: percentile 99.0 of response time < 100", true, null),
                        new GatlingResult.Assertion("recovery after f1 < 5000 ms", true, "900 ms")),
                "../gatling/outageunderload-20261127154000123/index.html",
                "http://127.0.0.1:8080 (db postgresql://u:" + PASSWORD + "@h/db)",
                List.of(new FaultRecord("f1", "proxy-down", "proxy disabled", 10_000L, 2000L)),
                List.of(new Recovery("f1", null, 900L, 5000L)), 1000L, List.of(new long[] {0, 600, 12}));

        Path file = ResultFiles.write(g, dir.resolve("gatling-results/OutageUnderLoad.json"));
        GatlingResult read = ResultFiles.readGatling(file);
        JsonNode json = ResultFiles.readTree(file);

        assertThat(Files.readString(file)).doesNotContain(PASSWORD);
        assertThat(json.path("p99Ms").isIntegralNumber()).as("Gatling's whole milliseconds stay whole").isTrue();
        assertThat(json.path("assertions").get(0).has("measured")).isFalse();
        assertThat(json.path("recovery").get(0).path("limitMs").asLong()).isEqualTo(5000);
        assertThat(read.simulation()).isEqualTo("OutageUnderLoad");
        assertThat(read.verdict()).isEqualTo(Verdict.PASS);
        assertThat(read.p99Ms()).isEqualTo(38L);
        assertThat(read.assertions()).isEqualTo(g.assertions());
        assertThat(read.faults()).isEqualTo(g.faults());
        assertThat(read.recovery()).isEqualTo(g.recovery());
        assertThat(read.p99Windows()).singleElement().satisfies(w -> assertThat(w).containsExactly(0, 600, 12));
    }

    @Test
    void aFileOfAnotherVersionOrWithoutAVerdictIsRejectedNamingTheFileAndField() throws Exception {
        Path v2 = Files.writeString(dir.resolve("v2.json"), "{\"schemaVersion\": 2, \"scenario\": \"x\"}");
        Path noVerdict = Files.writeString(dir.resolve("nv.json"), "{\"schemaVersion\": 1, \"scenario\": \"x\"}");
        Path badCriterion = Files.writeString(dir.resolve("bc.json"),
                "{\"schemaVersion\": 1, \"scenario\": \"x\", \"verdict\": \"pass\", \"criteria\": [{\"verdict\": \"ok\"}]}");
        Path badEvent = Files.writeString(dir.resolve("be.json"),
                "{\"schemaVersion\": 1, \"scenario\": \"x\", \"verdict\": \"pass\", \"timeline\": [{\"type\": \"alien\"}]}");

        assertThatThrownBy(() -> ResultFiles.readScenario(v2)).isInstanceOf(ResultFileException.class)
                .hasMessage("v2.json: schemaVersion 2 is not supported (this reader supports 1)");
        assertThatThrownBy(() -> ResultFiles.readTree(v2)).hasMessageStartingWith("v2.json: schemaVersion 2");
        assertThatThrownBy(() -> ResultFiles.readScenario(noVerdict))
                .hasMessage("nv.json: verdict must be one of pass, fail, aborted, error, not-measured, skipped, but was missing");
        assertThatThrownBy(() -> ResultFiles.readScenario(badCriterion))
                .hasMessage("bc.json: criteria[0].verdict must be pass, fail or not-measured, but was 'ok'");
        assertThatThrownBy(() -> ResultFiles.readScenario(badEvent)).hasMessageStartingWith("be.json: timeline[0]");
        assertThat(ResultFiles.readScenario(badEvent, e -> { }).scenario())
                .as("the streaming reader leaves unknown events to its consumer").isEqualTo("x");
    }

    @org.junit.jupiter.api.Test
    void aNotMeasuredCriterionAndTheNewSummaryMembersSurviveTheRoundTrip() throws Exception {
        ScenarioResult base = sample();
        List<CriterionResult> criteria = new java.util.ArrayList<>(base.criteria());
        criteria.add(new CriterionResult("retries", null, "≥ 1", "no data: nothing", Verdict.NOT_MEASURED, null, null,
                null));
        ScenarioResult written = new ScenarioResult(base.schemaVersion(), base.scenario(), base.title(),
                base.description(), Verdict.FAIL, base.seed(), base.startedAt(), base.durationMs(), base.environment(),
                base.config(), base.faults(), criteria, base.recovery(), new Summary(20L, 1L, 24L, 4L, 0L, 0L, 12.0,
                12.5, 21.5, 21.5, 1.33, 21.5, 0L, 0L, 0.05, 4L, 9L, 20L), null, base.timeline());

        ScenarioResult read = ResultFiles.readScenario(ResultFiles.write(written, dir));

        assertThat(read.criteria().get(2).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Files.readString(dir.resolve("brief-outage.json"))).contains("\"verdict\" : \"not-measured\"");
        assertThat(read.summary().fallbacksRefused()).isEqualTo(4);
        assertThat(read.summary().availabilityCheckFailures()).isEqualTo(9);
        assertThat(read.summary().maxWaiting()).isEqualTo(20);
    }

    @org.junit.jupiter.api.Test
    void notMeasuredIsWrittenAndReadAsNotMeasured() {
        assertThat(Verdict.NOT_MEASURED.json()).isEqualTo("not-measured");
        assertThat(Verdict.parse("Not-Measured")).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(new CriterionResult("x", null, "= 0", "no data", Verdict.NOT_MEASURED, null, null, null).passed())
                .as("not measured is never a pass").isFalse();
    }

    @Test
    void callsWithRetriesAndTheAdaptersEventsAreReadBackAndAnOlderCallWithoutRetriesReadsAsNone() throws Exception {
        ScenarioResult base = sample();
        List<HarnessEvent> events = List.of(
                new io.chaosharness.core.event.InsightEvent(T0, "RETRIES", "resilience4j retry 'database'"),
                new io.chaosharness.core.event.BulkheadRejectionEvent(T0.plusMillis(1), "database", 4),
                new io.chaosharness.core.event.CallEvent(T0.plusMillis(2), "read", 1002.5, Outcome.SUCCESS, null,
                        false, 1));
        ScenarioResult written = new ScenarioResult(base.schemaVersion(), base.scenario(), base.title(),
                base.description(), base.verdict(), base.seed(), base.startedAt(), base.durationMs(),
                base.environment(), base.config(), base.faults(), base.criteria(), base.recovery(), base.summary(),
                null, events);

        Path file = ResultFiles.write(written, dir);
        assertThat(ResultFiles.readScenario(file).timeline()).as("read back").isEqualTo(events);

        String current = Files.readString(file);
        String older = current.replaceAll(",\\s*\"retries\"\\s*:\\s*1", "");
        assertThat(older).as("the call without its retries member").isNotEqualTo(current);
        Files.writeString(file, older);
        assertThat(ResultFiles.readScenario(file).timeline().get(2)).as("an older call")
                .isEqualTo(new io.chaosharness.core.event.CallEvent(T0.plusMillis(2), "read", 1002.5,
                        Outcome.SUCCESS, null, false, 0));
    }
}
