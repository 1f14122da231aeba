package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.retry.ResilienceConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery at the limit (issue 17) can fail, on a real run: the catalogue's brief outage (2 s proxy down under the
 * standard lane) against plain HikariCP (the seed URL's settings; no retries, breaker, budget or recovery probe, as
 * {@code examples/designs/plain-hikari.design}). HikariCP's own add-connection backoff (10 ms doubling to 5 s) is in
 * a 1280 ms sleep when a 2 s outage ends, so its first connection, and the first success, come hundreds of
 * milliseconds after the proxy's return: the criterion fails on the first success. The reference design's figures
 * are a speed target, judged in {@code ./harness run} on a quiet machine (ScenarioSuiteTest checks they are measured
 * and that the verdict follows them).
 */
@ChaosTest
class RecoveryAtTheLimitTest {

    @TempDir
    Path results;

    @Test
    void plainHikariCpMissesTheFirstSuccessLimitAfterABriefOutageAndEveryFigureIsMeasured(ChaosEnvironment env) {
        ScenarioConfig plain = ScenarioConfig.seedPlan().withResilience(ResilienceConfig.custom().retriesEnabled(false)
                .breakerEnabled(false).budgetEnabled(false).recoveryProbeEnabled(false).build(),
                "plain HikariCP: no retries, breaker, budget or recovery probe");
        Scenario scenario = Scenario.builder("brief-outage-plain-hikari")
                .title("Brief outage on plain HikariCP, judged at the recovery limit")
                .description("Proxy down for 2 s under steady load against plain HikariCP.")
                .proves("plain HikariCP's first success after the proxy's return misses 100 ms")
                .config(plain)
                .workload(Workload.of(ScenarioCatalog.standardLane(Duration.ofSeconds(9))))
                .fault(Duration.ofMillis(2500), Duration.ofSeconds(2), new ProxyDown())
                .criterion(Criteria.recoveredAtTheLimit())
                .build();

        ScenarioResult result = ScenarioRunner.run(scenario, env, RunOptions.builder().resultDir(results).build());

        CriterionResult limit = result.criteria().stream().filter(c -> c.name().equals("recovery at the limit"))
                .findFirst().orElseThrow(() -> new AssertionError(result.explain()));
        assertThat(result.recovery()).as(result.explain()).hasSize(1);
        Recovery r = result.recovery().get(0);
        assertThat(r.toFirstSuccessMs()).as("first success after the proxy's return: " + result.explain())
                .isNotNull().isGreaterThan(Criteria.RECOVERY_FIRST_SUCCESS_LIMIT.toMillis());
        assertThat(r.toStartedP99Under100msMs()).as("p99 by start measured").isNotNull();
        assertThat(r.toP99Under100msMs()).as("p99 by completion measured").isNotNull();
        assertThat(limit.verdict()).as(limit.measured() + "; " + limit.detail()).isEqualTo(Verdict.FAIL);
        assertThat(limit.measuredValue()).isEqualTo((double) r.toFirstSuccessMs());
        assertThat(limit.detail()).contains("p99 by start " + r.toStartedP99Under100msMs() + " ms")
                .contains("by completion, not judged: " + r.toP99Under100msMs() + " ms");
    }
}
