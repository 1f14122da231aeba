package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each scenario proves it can fail: EVERY scenario of {@link ScenarioCatalog#all()} has a weakened variant (a weakened
 * design, or a fault too strong for the design, on a workload kept short) that must report {@code fail}, failing the
 * criteria its {@link Weakening} names. The scenarios come from the catalogue, so a scenario added there without a
 * weakened variant fails here. The variants that take longest run in {@link WeakenedLongRunsTest} instead, so that
 * Surefire's two forks run them beside these; together the two classes cover the whole catalogue. The total time of
 * the variants is printed at the end (CI's budget is 15 minutes for everything).
 */
@ChaosTest
class WeakenedPoolTest {

    /**
     * The scenarios whose weakened runs take longest (blackhole's needs the seed's 60 s socket timeout to pass to
     * show its failure), run by {@link WeakenedLongRunsTest}.
     */
    static final java.util.Set<String> LONG_RUNS = java.util.Set.of("blackhole", "too-many-connections",
            "retry-budget", "retry-budget-short-pool-timeout");

    static final Map<String, Long> MILLIS = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** The longest a weakened run may be planned to take (today's longest, blackhole's, is 14 s). */
    private static final java.time.Duration MAX_PLANNED = java.time.Duration.ofSeconds(15);

    @TempDir
    Path results;

    static Stream<String> catalogue() {
        return ScenarioCatalog.ids().stream().filter(id -> !LONG_RUNS.contains(id));
    }

    @Test
    void theLongRunsAreCatalogueScenarios() {
        assertThat(ScenarioCatalog.ids()).as("WeakenedLongRunsTest runs these; they must exist").containsAll(LONG_RUNS);
    }

    @Test
    void everyCatalogueScenarioNamesAWeakenedVariantAndTheCriteriaItMustFail() {
        for (Scenario s : ScenarioCatalog.all()) {
            assertThat(s.weakening()).as(s.id() + " has a weakened variant (Scenario.Builder.weakenedBy)").isPresent();
            List<String> mustFail = s.weakening().orElseThrow().mustFail();
            assertThat(mustFail).as(s.id() + ": the weakened variant names the criteria that must fail").isNotEmpty();
            assertThat(s.criteria().stream().map(Criterion::name).toList())
                    .as(s.id() + ": the criteria that must fail are the scenario's own").containsAll(mustFail);
            Scenario w = s.weakened();
            // a scenario that runs the seed's own long timeouts may need its whole length to show the failure
            java.time.Duration bound = s.plannedDuration().compareTo(MAX_PLANNED) > 0 ? s.plannedDuration() : MAX_PLANNED;
            assertThat(w.plannedDuration()).as(s.id() + ": the weakened run is kept short").isLessThanOrEqualTo(bound);
            assertThat(w.config().notes()).as(s.id() + ": the weakened config says so")
                    .anyMatch(n -> n.contains("weakened"));
        }
    }

    @ParameterizedTest(name = "{0} fails when weakened")
    @MethodSource("catalogue")
    void theWeakenedVariantFailsTheCriterionItNames(String id, ChaosEnvironment env) {
        assertWeakenedFails(id, env, results);
    }

    static void assertWeakenedFails(String id, ChaosEnvironment env, Path results) {
        Scenario scenario = ScenarioCatalog.byId(id).orElseThrow();
        Weakening weakening = scenario.weakening().orElseThrow(() ->
                new AssertionError(id + " has no weakened variant: give it one with Scenario.Builder.weakenedBy"));
        long t0 = System.nanoTime();
        ScenarioResult r = ScenarioRunner.run(scenario.weakened(), env, RunOptions.builder().resultDir(results)
                .build());
        MILLIS.put(id, (System.nanoTime() - t0) / 1_000_000);

        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.FAIL);
        assertThat(r.config().get("notes").toString()).as("the result says it was weakened").contains("weakened");
        for (String name : weakening.mustFail()) {
            assertThat(r.criteria()).as(r.explain()).filteredOn(c -> c.name().equals(name))
                    .as(id + ": criterion '" + name + "' must fail\n" + r.explain())
                    .extracting(CriterionResult::verdict).containsOnly(Verdict.FAIL).isNotEmpty();
        }
    }

    @AfterAll
    static void reportTheTotalTime() {
        long total = MILLIS.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("weakened runs so far in this JVM: %d weakened variant(s) in %.1f s: %s%n", MILLIS.size(), total / 1000.0,
                MILLIS);
    }
}
