package io.chaosharness.report.internal;

import static io.chaosharness.report.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.ResultFileException;
import io.chaosharness.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultReaderTest {

    private final ResultReader reader = new ResultReader(new ObjectMapper());

    @TempDir
    Path tmp;

    @Test
    void aScenarioResultIsReadWithItsScheduleCriteriaRecoveryAndTimeline() throws Exception {
        ScenarioReport s = reader.readScenario(fixture("results").resolve("database-restart.json"), true);

        assertThat(s.scenario()).isEqualTo("database-restart");
        assertThat(s.title()).isEqualTo("Database restart");
        assertThat(s.verdict()).isEqualTo(Verdict.PASS);
        assertThat(s.seed()).isEqualTo("8812734615");
        assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-11-27T15:02:00Z"));
        assertThat(s.environment()).containsEntry("postgresVersion", "17.6").containsEntry("commit", "20323aa");
        assertThat(s.config()).containsEntry("connection_limit", "15");
        assertThat(s.faults()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("database-restart");
            assertThat(f.startOffsetMs()).isEqualTo(6000L);
        });
        assertThat(s.criteria()).extracting(CriterionResult::seedCriterion)
                .contains("pool-utilisation", "emergency-admin-fallbacks", "error-rate");
        assertThat(s.recovery()).singleElement().extracting(Recovery::toFirstSuccessMs).isEqualTo(420L);
        assertThat(s.figures().operations()).as("from the file's summary").isEqualTo(352);
        Timeline t = s.timeline();
        assertThat(t.breaker()).as("the breaker opened").contains(2);
        assertThat(t.faultWindows()).singleElement().satisfies(w -> {
            assertThat(w.fromS()).isEqualTo(6.0);
            assertThat(w.toS()).isEqualTo(10.0);
        });
        assertThat(t.availabilityFailures().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
        assertThat(t.failureReasons()).first().extracting(Timeline.FailureReason::reason).asString()
                .startsWith("TRANSIENT [57P01]: FATAL: terminating connection");
    }

    @Test
    void aFileWrittenByTheScenarioModuleIsRead() throws Exception {
        // a real run's output (timeline thinned for size), so a drift between writer and reader shows here
        ScenarioReport s = reader.readScenario(fixture("from-scenarios").resolve("brief-outage.json"), true);

        assertThat(s.verdict()).isEqualTo(Verdict.PASS);
        assertThat(s.seed()).isEqualTo("-2441813010951114061");
        assertThat(s.criteria()).hasSize(5).allMatch(CriterionResult::passed);
        assertThat(s.config()).containsKey("databaseUrl").containsEntry("connection_limit", "15");
        assertThat(s.config().get("databaseUrl")).contains("harness:****@127.0.0.1");
        assertThat(s.figures().operations()).isEqualTo(1776);
        assertThat(s.timeline().skippedEvents()).isZero();
        assertThat(s.timeline().faultWindows()).singleElement().extracting(Timeline.FaultWindow::kind).isEqualTo("proxy-down");
        assertThat(s.timeline().poolActive()).isNotEmpty();
    }

    @Test
    void withoutTheTimelineOnlyTheHeaderIsRead() throws Exception {
        ScenarioReport s = reader.readScenario(fixture("results").resolve("baseline.json"), false);
        assertThat(s.timeline().events()).isZero();
        assertThat(s.figures().operations()).isEqualTo(393);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty.json | empty.json: the file is empty",
            "future-version.json | future-version.json: schemaVersion 2 is not supported (this reader supports 1)",
            "no-verdict.json | no-verdict.json: verdict must be one of pass, fail, aborted, error, not-measured, skipped, but was missing",
            "not-json.json | not-json.json: not valid JSON (line 1, column 10)",
            "truncated.json | truncated.json: not valid JSON (line 1, column",
            "missing.json | missing.json: the file does not exist",
    })
    void aBrokenFileGetsAMessageNamingIt(String name, String message) {
        Path file = fixture("broken").resolve(name);
        assertThatThrownBy(() -> reader.readScenario(file, true))
                .isInstanceOf(ResultFileException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'[1, 2]' | expected a JSON object at the top level, but found [",
            "'{\"schemaVersion\": 1, \"verdict\": \"pass\"}' | scenario is missing",
            "'{\"scenario\": \"x\", \"verdict\": \"pass\"}' | schemaVersion is missing",
            "'{\"schemaVersion\": \"one\", \"scenario\": \"x\", \"verdict\": \"pass\"}' | schemaVersion one is not supported",
            "'{\"schemaVersion\": 1, \"scenario\": \"x\", \"verdict\": \"ok\"}' | verdict must be one of pass, fail, aborted, error, not-measured, skipped, but was 'ok'",
            "'{\"schemaVersion\": 1, \"scenario\": \"x\", \"verdict\": \"pass\", \"startedAt\": \"noon\"}' | startedAt must be an ISO-8601 instant, but was 'noon'",
            "'{\"schemaVersion\": 1, \"scenario\": \"x\", \"verdict\": \"pass\", \"criteria\": [{\"verdict\": \"maybe\"}]}' | criteria[0].verdict must be pass, fail or not-measured, but was 'maybe'",
    })
    void badContentIsNamedByField(String json, String message) throws IOException {
        Path file = Files.writeString(tmp.resolve("bad.json"), json);
        assertThatThrownBy(() -> reader.readScenario(file, true))
                .hasMessageStartingWith("bad.json: ")
                .hasMessageContaining(message);
    }

    @Test
    void aFileClaimingPassWithAFailedCriterionCountsAsFail() throws Exception {
        Path file = Files.writeString(tmp.resolve("claims-pass.json"), """
                {"schemaVersion": 1, "scenario": "x", "verdict": "pass", "futureMember": {"a": 1},
                 "criteria": [{"name": "errors", "seedCriterion": "error-rate", "target": "< 1 %", "measured": "3 %", "verdict": "fail"}]}
                """);
        ScenarioReport s = reader.readScenario(file, true);

        assertThat(s.declaredVerdict()).isEqualTo(Verdict.PASS);
        assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(s.notes()).singleElement().asString().contains("errors").contains("Counted as fail");
    }

    @Test
    void nestedConfigurationBecomesDottedKeysAndSecretKeysAreMasked() throws Exception {
        Path file = Files.writeString(tmp.resolve("nested.json"), """
                {"schemaVersion": 1, "scenario": "x", "verdict": "pass",
                 "config": {"pool": {"connection_limit": 15, "password": "hunter2"}, "retry": {"max_retries": 3},
                            "operations": ["select-1", "authenticate"]}}
                """);
        ScenarioReport s = reader.readScenario(file, true);
        assertThat(s.config()).containsExactly(
                org.assertj.core.api.Assertions.entry("pool.connection_limit", "15"),
                org.assertj.core.api.Assertions.entry("pool.password", "****"),
                org.assertj.core.api.Assertions.entry("retry.max_retries", "3"),
                org.assertj.core.api.Assertions.entry("operations", "[\"select-1\",\"authenticate\"]"));
    }

    @Test
    void anErrorScenarioKeepsItsMaskedMessage() throws Exception {
        Path file = Files.writeString(tmp.resolve("err.json"), """
                {"schemaVersion": 1, "scenario": "x", "verdict": "error",
                 "error": "cannot connect to postgresql://app:letmein@db:5432/x"}
                """);
        ScenarioReport s = reader.readScenario(file, true);
        assertThat(s.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(s.error()).isEqualTo("cannot connect to postgresql://app:****@db:5432/x");
    }

    @Test
    void gatlingFiguresAndAReportLinkRelativeToTheOutputFolder() throws Exception {
        Path out = fixture("gatling").getParent().resolve("out");
        GatlingRun g = reader.readGatling(fixture("gatling").resolve("SteadyState.json"), out);

        assertThat(g.simulation()).isEqualTo("SteadyState");
        assertThat(g.passed()).isTrue();
        assertThat(g.requests()).isEqualTo(18211L);
        assertThat(g.p99Ms()).isEqualTo(38.0);
        assertThat(g.assertions()).hasSize(2);
        assertThat(g.reportLink()).isEqualTo("../gatling/steadystate-20261127154000123/index.html");
        assertThat(g.reportFound()).isTrue();

        GatlingRun failing = reader.readGatling(fixture("gatling").resolve("OutageUnderLoad.json"), out);
        assertThat(failing.passed()).isFalse();
        assertThat(failing.reportFound()).as("its report folder is not in the fixtures").isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "../gatling/run-1/index.html, true",
            "run-1/index.html, true",
            "run:1/index.html, false",
            "./run:1/index.html, true",
            "javascript:alert(1), false",
            "https://example.org/x.html, false",
            "/etc/passwd, false",
            "file:///tmp/x.html, false",
    })
    void onlyRelativePathsBecomeLinks(String path, boolean relative) {
        assertThat(ResultReader.isRelativePath(path)).isEqualTo(relative);
    }

    @Test
    void linksEscapeOddCharacters() {
        assertThat(ResultReader.relativeLink(Path.of("/a/out"), Path.of("/a/g/my run#1/index.html")))
                .isEqualTo("../g/my%20run%231/index.html");
    }
}
