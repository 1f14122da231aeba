package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
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

    ScenarioResult runWeakened(String id, ChaosEnvironment env) {
        Scenario weakened = ScenarioCatalog.byId(id).orElseThrow().weakened();
        ScenarioResult r = ScenarioRunner.run(weakened, env, RunOptions.builder().seed(ScenarioSuiteTest.SEED)
                .resultDir(results).build());
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.FAIL);
        assertThat(r.config().get("notes").toString()).as("the result says the pool was weakened")
                .contains("weakened");
        return r;
    }
}
