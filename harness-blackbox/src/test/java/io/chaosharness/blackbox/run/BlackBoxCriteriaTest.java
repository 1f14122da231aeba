package io.chaosharness.blackbox.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.Criterion;
import io.chaosharness.scenario.RunTimeline;
import io.chaosharness.scenario.Scenario;
import io.chaosharness.scenario.ScenarioCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The black box's criteria and its adaptation of catalogue scenarios, on synthetic timelines. */
class BlackBoxCriteriaTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private final List<HarnessEvent> events = new ArrayList<>();

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    /** Proxy down from 2500 to 4500 ms. */
    private void outage() {
        events.add(new FaultEvent(at(2500), "f1", FaultEvent.Phase.APPLIED, "proxy-down", "proxy disabled"));
        events.add(new FaultEvent(at(4500), "f1", FaultEvent.Phase.REMOVED, "proxy-down", "proxy disabled"));
    }

    private void probe(long endMs, boolean up, double latencyMs) {
        events.add(new AvailabilityCheckEvent(at(endMs), 1, up, latencyMs, "GET /health -> " + (up ? 200 : 503)));
    }

    private CriterionResult judge(Criterion c) {
        return c.evaluate(new RunTimeline(events, T0, at(8500)));
    }

    @Test
    void aHealthEndpointThatSaysDownInTheOutageAndUpOtherwiseIsTruthful() {
        outage();
        for (long t = 250; t <= 8250; t += 250) {
            boolean inOutage = t > 2500 && t <= 4500;
            probe(t, !inOutage, 5);
        }
        CriterionResult r = judge(BlackBoxCriteria.healthTruthful());
        assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.PASS);
        assertThat(r.measured()).contains("should say down");
    }

    @Test
    void aHealthEndpointThatSaysUpWhileTheDatabaseIsUnreachableLies() {
        outage();
        for (long t = 250; t <= 8250; t += 250) {
            probe(t, true, 5);
        }
        CriterionResult r = judge(BlackBoxCriteria.healthTruthful());
        assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("said up while the database was unreachable");
    }

    @Test
    void aHealthEndpointStillDownLongAfterTheRecoveryLies() {
        outage();
        for (long t = 250; t <= 8250; t += 250) {
            probe(t, t <= 2500, 5); // never up again
        }
        CriterionResult r = judge(BlackBoxCriteria.healthTruthful());
        assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("said down with no fault in force");
    }

    @Test
    void withoutAProbeInsideTheOutageTruthfulnessIsNotMeasured() {
        outage();
        probe(1000, true, 5);
        probe(8000, true, 5);
        assertThat(judge(BlackBoxCriteria.healthTruthful()).verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void oneSlowHealthProbeFailsTheLatencyTargetAndNoProbeIsNotMeasured() {
        assertThat(judge(BlackBoxCriteria.healthLatencyWithin(Duration.ofMillis(500))).verdict())
                .isEqualTo(Verdict.NOT_MEASURED);
        probe(1000, true, 20);
        probe(2000, true, 499);
        assertThat(judge(BlackBoxCriteria.healthLatencyWithin(Duration.ofMillis(500))).verdict())
                .isEqualTo(Verdict.PASS);
        probe(3000, true, 501);
        CriterionResult r = judge(BlackBoxCriteria.healthLatencyWithin(Duration.ofMillis(500)));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.seedCriterion()).isEqualTo(BlackBoxCriteria.SEED_HEALTH_LATENCY);
        assertThat(r.measuredValue()).isEqualTo(501.0);
    }

    @Test
    void grantedFallbacksAreCountedOverAnyRequestAndNothingEndedIsNotMeasured() {
        assertThat(judge(BlackBoxCriteria.noGrantedFallbacks()).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        events.add(new OperationEvent(at(100), "users/list", 1, 3, Outcome.SUCCESS, null));
        assertThat(judge(BlackBoxCriteria.noGrantedFallbacks()).verdict()).isEqualTo(Verdict.PASS);
        events.add(new OperationEvent(at(3000), "login/login", 1, 3, Outcome.SUCCESS, null));
        events.add(new FallbackEvent(at(3000), "login/login", true, "matched"));
        CriterionResult r = judge(BlackBoxCriteria.noGrantedFallbacks());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.measuredValue()).isEqualTo(1.0);
        assertThat(r.detail()).contains("login/login=1");
    }

    @Test
    void briefOutageForABlackBoxKeepsWhatHttpMeasuresAndSaysWhatItDrops() {
        Scenario brief = ScenarioCatalog.byId("brief-outage").orElseThrow();
        BlackBoxScenario b = BlackBoxScenario.of(brief, Optional.empty(), Optional.of(Duration.ofMillis(500)), true);
        assertThat(b.criteria()).extracting(Criterion::name).containsExactly("emergency-admin fallbacks",
                "error rate after retries", "failed operations", "health endpoint latency",
                "health endpoint truthful", "recovery to first success");
        assertThat(b.notJudged()).anyMatch(n -> n.contains("'retries'"))
                .anyMatch(n -> n.contains("'retried operations that succeeded'"))
                .anyMatch(n -> n.startsWith("criterion 'recovery at the limit' not judged: it is issue 17's target"));
        assertThat(b.faults()).isEqualTo(brief.faults());
        assertThat(b.workload()).isEqualTo(brief.workload().end());

        BlackBoxScenario bare = BlackBoxScenario.of(brief, Optional.empty(), Optional.empty(), false);
        assertThat(bare.criteria()).extracting(Criterion::name).doesNotContain("emergency-admin fallbacks",
                "health endpoint latency");
        assertThat(bare.notJudged()).anyMatch(n -> n.contains("no health endpoint"))
                .anyMatch(n -> n.contains("recognise a fallback"));
    }

    @Test
    void aJourneyDurationShorterThanTheFaultScheduleIsRefused() {
        Scenario brief = ScenarioCatalog.byId("brief-outage").orElseThrow();
        assertThatThrownBy(() -> BlackBoxScenario.of(brief, Optional.of(Duration.ofSeconds(3)), Optional.empty(), true))
                .hasMessageContaining("must cover the fault schedule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pool-exhaustion", "write-safety", "statement-timeout", "availability-check",
            "long-outage-fast-fail", "backend-termination", "too-many-connections"})
    void scenariosAboutTheHarnessesOwnSqlOrSettingsAreSkippedWithTheReason(String id) {
        assertThat(BlackBoxScenario.skipReason(id)).isPresent();
    }

    @Test
    void aSkippedScenarioIsAResultFileWithItsReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        io.chaosharness.env.ChaosEnvironment env = (io.chaosharness.env.ChaosEnvironment) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {io.chaosharness.env.ChaosEnvironment.class}, (proxy, method, args) -> {
                            if (method.getName().equals("capabilities")) {
                                return new io.chaosharness.env.EnvironmentCapabilities("embedded", "17", "embedded",
                                        true, true, true);
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
        String reason = BlackBoxScenario.skipReason("pool-exhaustion").orElseThrow();
        io.chaosharness.result.ScenarioResult r = BlackBoxRunner.skipped("pool-exhaustion", "Pool exhaustion", "d",
                reason, env, dir, 14);
        io.chaosharness.result.ScenarioResult read = io.chaosharness.result.ResultFiles.readScenario(
                dir.resolve("pool-exhaustion.json"));
        assertThat(read.verdict()).isEqualTo(Verdict.SKIPPED);
        assertThat(read.error()).isEqualTo(reason).isEqualTo(r.error());
    }

    @Test
    void everyOtherCatalogueScenarioRunsAndJudgesSomething() {
        for (Scenario s : ScenarioCatalog.all()) {
            if (BlackBoxScenario.skipReason(s.id()).isEmpty()) {
                BlackBoxScenario b = BlackBoxScenario.of(s, Optional.empty(), Optional.of(Duration.ofMillis(500)),
                        true);
                assertThat(b.criteria()).as(s.id()).isNotEmpty();
            }
        }
    }
}
