package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario proves it can fail: against a deliberately weakened pool (no retries, no socket timeout, no breaker,
 * or no retry budget) the relevant scenarios must report {@code fail}, for the reason the scenario is about.
 */
@ChaosTest
class WeakenedPoolTest {

    @TempDir
    Path results;

    @Test
    void briefOutageFailsWithoutRetries(ChaosEnvironment env) {
        ScenarioResult r = runWeakened("brief-outage", env);

        assertThat(r.failedCriteria()).as(r.explain()).extracting(CriterionResult::name)
                .contains("failed operations", "retries");
    }

    @Test
    void connectionResetFailsWithoutRetries(ChaosEnvironment env) {
        ScenarioResult r = runWeakened("connection-reset", env);

        assertThat(r.failedCriteria()).as(r.explain()).extracting(CriterionResult::name)
                .contains("failed operations", "retries");
    }

    @Test
    void blackholeFailsWithoutASocketTimeout(ChaosEnvironment env) {
        ScenarioResult r = runWeakened("blackhole", env);

        assertThat(r.failedCriteria()).as(r.explain()).extracting(CriterionResult::name)
                .contains("attempts failing [08] end within their guard");
    }

    @Test
    void longOutageFailsWithoutABreaker(ChaosEnvironment env) {
        ScenarioResult r = runWeakened("long-outage-fast-fail", env);

        assertThat(r.failedCriteria()).as(r.explain()).extracting(CriterionResult::name)
                .contains("circuit breaker opened", "calls refused by the open breaker fail fast");
    }

    @Test
    void retryBudgetFailsWithoutABudget(ChaosEnvironment env) {
        ScenarioResult r = runWeakened("retry-budget-short-pool-timeout", env);

        assertThat(r.failedCriteria()).as(r.explain()).extracting(CriterionResult::name)
                .contains("retries within the budget");
    }

    ScenarioResult runWeakened(String id, ChaosEnvironment env) {
        Scenario weakened = ScenarioCatalog.byId(id).orElseThrow().weakened();
        ScenarioResult r = ScenarioRunner.run(weakened, env, RunOptions.builder().resultDir(results).build());
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.FAIL);
        assertThat(r.config().get("notes").toString()).as("the result says the pool was weakened")
                .contains("weakened");
        return r;
    }
}
