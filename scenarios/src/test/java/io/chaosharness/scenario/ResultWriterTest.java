package io.chaosharness.scenario;

import static io.chaosharness.scenario.Timelines.at;
import static io.chaosharness.scenario.Timelines.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.EnvironmentInfo;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {

    static final String PASSWORD = "s3cr3t-P@ss";

    @TempDir
    Path dir;

    static ScenarioResult sample(List<HarnessEvent> events) {
        RunTimeline t = new RunTimeline(events, Timelines.T0, at(5000));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("databaseUrl", "postgresql://harness:" + PASSWORD + "@127.0.0.1:5432/harness?connection_limit=15");
        config.put("connection_limit", 15);
        config.put("notes", List.of());
        List<CriterionResult> criteria = List.of(Criteria.noFallbacks().evaluate(t), Criteria.p99Below(100).evaluate(t));
        return new ScenarioResult(1, "brief-outage", "Brief outage", "Proxy down for 2 s.", Verdict.PASS, 42L,
                Timelines.T0, 5000L, new EnvironmentInfo("embedded", "17.11", "embedded (Toxiproxy 2.12.0 API)",
                "abc1234", "17.0.15"), config, Measurements.faults(t), criteria, Measurements.recovery(t),
                Measurements.summary(t), null, t.events());
    }

    @Test
    void writesTheSchemaV1DocumentWithMaskedSecrets() throws Exception {
        List<HarnessEvent> events = new ArrayList<>(timeline().fault("f1", 1000, 3000L).steady(0, 100, 40, 2.0)
                .op("authenticate", 4500, 3.0, true, 1, null).until(5000).events());
        events.add(new NoteEvent(at(10), "pool", "url postgresql://harness:" + PASSWORD + "@127.0.0.1/h"));

        Path file = ResultFiles.write(sample(events), dir);

        assertThat(file).isEqualTo(dir.resolve("brief-outage.json"));
        String text = Files.readString(file);
        assertThat(text).as("no password anywhere in the file").doesNotContain(PASSWORD).contains("****");
        JsonNode json = ResultFiles.readTree(file);
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.path("verdict").asText()).isEqualTo("pass");
        assertThat(json.path("startedAt").asText()).isEqualTo("2026-11-27T15:00:00Z");
        assertThat(json.path("faults").get(0).path("startOffsetMs").asLong()).isEqualTo(1000);
        assertThat(json.path("faults").get(0).path("durationMs").asLong()).isEqualTo(2000);
        assertThat(json.path("recovery").get(0).has("toP99Under100msMs")).isTrue();
        assertThat(json.path("criteria").get(0).path("seedCriterion").asText())
                .isEqualTo("emergency-admin-fallbacks");
        assertThat(json.path("criteria").get(0).path("verdict").asText()).isEqualTo("pass");
        for (String member : List.of("operations", "failed", "attempts", "retries", "budgetRefusals", "fallbacks",
                "avgMs", "p50Ms", "p95Ms", "p99Ms", "maxUtilisation")) {
            assertThat(json.path("summary").has(member)).as("summary." + member).isTrue();
        }
        JsonNode first = json.path("timeline").get(0);
        assertThat(first.path("type").asText()).as("events carry their type").isIn("operation", "fault", "note");
        assertThat(first.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
        assertThat(json.has("error")).as("error only when there is one").isFalse();
    }

    @Test
    void thinsSuccessfulAttemptsButKeepsEveryFailure() {
        List<HarnessEvent> events = new ArrayList<>();
        int n = ResultFiles.MAX_ATTEMPT_EVENTS * 2;
        for (int i = 0; i < n; i++) {
            boolean failed = i % 1000 == 0;
            events.add(new AttemptEvent(at(i / 10), "read", 1, 1.0, failed ? Outcome.FAILURE : Outcome.SUCCESS,
                    failed ? "TRANSIENT" : null, failed ? "08006" : null, failed ? "boom" : null));
        }

        ScenarioResult thinned = ResultFiles.thinned(sample(events));

        long attempts = thinned.timeline().stream().filter(e -> e instanceof AttemptEvent).count();
        long failures = thinned.timeline().stream()
                .filter(e -> e instanceof AttemptEvent a && a.outcome() == Outcome.FAILURE).count();
        assertThat(attempts).isLessThanOrEqualTo(ResultFiles.MAX_ATTEMPT_EVENTS);
        assertThat(failures).as("every failure kept").isEqualTo(n / 1000);
    }

    @Test
    void rejectsAnIdThatCannotNameAFileAndAFileOfAnotherSchemaVersion() throws Exception {
        ScenarioResult s = sample(List.of());
        ScenarioResult bad = new ScenarioResult(1, "../escape", s.title(), s.description(), s.verdict(), 1L,
                s.startedAt(), 0L, s.environment(), s.config(), s.faults(), s.criteria(), s.recovery(), s.summary(),
                null, s.timeline());
        assertThatThrownBy(() -> ResultFiles.write(bad, dir)).hasMessageContaining("scenario id")
                .hasMessageContaining("../escape");

        Path other = dir.resolve("v2.json");
        Files.writeString(other, "{\"schemaVersion\": 2}");
        assertThatThrownBy(() -> ResultFiles.readTree(other)).hasMessageContaining("schemaVersion")
                .hasMessageContaining("v2.json");
    }
}
