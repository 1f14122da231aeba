package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery at the limit (issue 17), on a real run: the brief outage of the catalogue (2 s proxy down under the
 * standard lane) on the reference design, judged by {@link Criteria#recoveredAtTheLimit()}. Whether it passes is the
 * measurement (the machine's load decides milliseconds); what this test asserts is that the criterion measured both
 * figures against the 100 ms / 1 s targets and that the recovery probe saw the database come back.
 */
@ChaosTest
class RecoveryAtTheLimitTest {

    @TempDir
    Path results;

    @Test
    void theBriefOutagesRecoveryIsMeasuredAgainstTheLimitAndTheProbeSawTheDatabaseBack(ChaosEnvironment env) {
        Scenario scenario = Scenario.builder("brief-outage")
                .title("Brief outage, judged at the recovery limit")
                .description("Proxy down for 2 s under steady load; recovery judged against 100 ms / 1 s.")
                .proves("the first success comes within 100 ms of the proxy's return, p99 is back within 1 s")
                .workload(Workload.of(ScenarioCatalog.standardLane(Duration.ofSeconds(8))))
                .fault(Duration.ofMillis(2500), Duration.ofSeconds(2), new ProxyDown())
                .criterion(Criteria.recoveredAtTheLimit())
                .criterion(Criteria.noFailedOperations())
                .build();

        ScenarioResult result = ScenarioRunner.run(scenario, env, RunOptions.builder().resultDir(results).build());

        CriterionResult limit = result.criteria().stream().filter(c -> c.name().equals("recovery at the limit"))
                .findFirst().orElseThrow(() -> new AssertionError(result.explain()));
        assertThat(limit.verdict()).as("measured, pass or fail: " + limit.measured())
                .isIn(Verdict.PASS, Verdict.FAIL);
        assertThat(limit.targetValue()).isEqualTo(100.0);
        assertThat(result.recovery()).hasSize(1);
        Recovery r = result.recovery().get(0);
        assertThat(r.toFirstSuccessMs()).as("first success after the proxy's return").isNotNull();
        assertThat(r.toP99Under100msMs()).as("p99 back under 100 ms").isNotNull();
        assertThat(limit.measuredValue()).isEqualTo((double) r.toFirstSuccessMs());
        assertThat(limit.verdict() == Verdict.PASS)
                .as("PASS exactly when both figures are within the targets: " + limit.detail())
                .isEqualTo(r.toFirstSuccessMs() <= 100 && r.toP99Under100msMs() <= 1000);
        assertThat(result.timeline()).as("the probe recorded the database's return")
                .anyMatch(e -> e instanceof NoteEvent n && n.source().endsWith("/recovery-probe")
                        && n.message().startsWith("database accepting connections again"));
        assertThat(result.verdict() == Verdict.ERROR).as(result.explain()).isFalse();
    }
}
