package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The part of the scenario suite that runs the seed plan's long timeouts unchanged (a 90 s outage, a 65 s blackhole
 * against the 60 s socket timeout, the 10 s pool_timeout against a 12 s refusal): the same judgement as
 * {@link ScenarioSuiteTest}, in a class of its own so that Surefire's second fork runs it beside the rest.
 */
@ChaosTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedTimeoutScenariosTest {

    /**
     * The seed plan's own settings in a 90 s outage: the finding is that they do not fail fast. Both times are
     * measured (bounded by the outage) and both miss their target (8 s to the first failure, 15 s to the fallback;
     * measured 10.0/10.2 s and 43.0/44.2 s in two embedded runs); the report carries the figures.
     */
    @Test
    @Order(1)
    void longOutageFindsThatTheSeedSettingsDoNotFailFastAndMeasuresHowLongTheyTake(ChaosEnvironment env) {
        Scenario scenario = ScenarioCatalog.byId("long-outage").orElseThrow();
        ScenarioResult result = ScenarioRunner.run(scenario, env,
                RunOptions.builder().resultDir(ScenarioSuiteTest.RESULTS).build());
        assertThat(result.verdict()).as(result.explain()).isEqualTo(Verdict.FAIL);
        for (String name : java.util.List.of("first failed operation after the outage began",
                "first emergency-login fallback after the outage began")) {
            io.chaosharness.result.CriterionResult c = result.criteria().stream().filter(x -> x.name().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no criterion '" + name + "': "
                            + result.explain()));
            assertThat(c.verdict()).as(name + ": " + c.measured()).isEqualTo(Verdict.FAIL);
            assertThat(c.measuredValue()).as(name + " measured in ms: " + c.measured()).isNotNull()
                    .isGreaterThan(c.targetValue())
                    .isLessThanOrEqualTo((double) ScenarioCatalog.SEED_OUTAGE.toMillis());
        }
        assertThat(result.config().get("notes")).as("long-outage runs the seed plan's settings unchanged")
                .isEqualTo(java.util.List.of());
        assertThat(ScenarioSuiteTest.RESULTS.resolve("long-outage.json")).exists();
    }

    @Test
    @Order(2)
    void blackholeEndsEveryCallWithinTheSeedsSocketTimeout(ChaosEnvironment env) {
        ScenarioSuiteTest.assertPasses("blackhole", env);
    }

    /**
     * The seed's 10 s pool_timeout against a 12 s refusal: 53300 reaches the callers and is classified; whether the
     * retried operations and the recovery meet their targets is the seed design's verdict, reported as measured (two
     * runs here: 66.7 % and 100 % of retried operations succeeded, first success 15.5 s and 15.4 s after the limit
     * was restored: fail on recovery).
     */
    @Test
    @Order(3)
    void tooManyConnectionsReachesTheCallersWithTheSeedsPoolTimeoutAndMeasuresWhatFollows(ChaosEnvironment env) {
        ScenarioResult r = ScenarioRunner.run(ScenarioCatalog.byId("too-many-connections").orElseThrow(), env,
                RunOptions.builder().resultDir(ScenarioSuiteTest.RESULTS).build());
        assertThat(r.verdict()).as(r.explain()).isIn(Verdict.PASS, Verdict.FAIL);
        assertThat(r.criteria()).as(r.explain()).anySatisfy(c -> {
            assertThat(c.name()).contains("53300");
            assertThat(c.verdict()).isEqualTo(Verdict.PASS);
        });
        assertThat(r.criteria()).as("recovery measured: " + r.explain()).anySatisfy(c -> {
            assertThat(c.name()).contains("recovery");
            assertThat(c.measuredValue()).isNotNull();
        });
    }
}
