package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.result.Verdict;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioModelTest {

    static final EnvironmentCapabilities EMBEDDED =
            new EnvironmentCapabilities("embedded", "17.11", "embedded", true, true, true);
    static final EnvironmentCapabilities EXTERNAL =
            new EnvironmentCapabilities("external", "16.4", "embedded", false, false, false);

    @Test
    void theCatalogHasEveryScenarioTheIssueNamesWithUniqueIds() {
        List<String> ids = ScenarioCatalog.ids();

        assertThat(ids).containsExactly("steady-state", "latency", "brief-outage", "long-outage",
                "long-outage-fast-fail", "connection-reset", "blackhole", "blackhole-short-socket-timeout",
                "connection-cut", "bandwidth-slicer", "limit-data", "database-restart", "backend-termination",
                "pool-exhaustion", "too-many-connections", "too-many-connections-short-pool-timeout",
                "statement-timeout", "write-safety", "retry-budget",
                "retry-budget-short-pool-timeout", "availability-check");
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    }

    /**
     * Short scenarios stay short; the two that run the seed plan's own long timeouts (long-outage: 90 s outage to
     * measure its 47-82 s to give up; blackhole: the 60 s socket timeout) last as long as those timeouts need.
     */
    @Test
    void everyScenarioIsShortAndTheSuiteFitsItsBudget() {
        Duration total = Duration.ZERO;
        Set<String> long_ = Set.of("long-outage", "blackhole");
        for (Scenario s : ScenarioCatalog.all()) {
            assertThat(s.plannedDuration()).as(s.id()).isLessThanOrEqualTo(long_.contains(s.id())
                    ? Duration.ofSeconds(100) : Duration.ofSeconds(26));
            total = total.plus(s.plannedDuration());
        }
        assertThat(total).as("planned time of the whole suite").isLessThanOrEqualTo(Duration.ofMinutes(7));
    }

    @ParameterizedTest(name = "{0} runs the seed plan's own settings")
    @CsvSource({"long-outage", "blackhole", "retry-budget", "too-many-connections"})
    void theCatalogueIdRunsTheSeedPlansSettings(String id) {
        ScenarioConfig c = ScenarioCatalog.byId(id).orElseThrow().config();

        assertThat(c.urlParameters()).as(id).isEqualTo(ScenarioConfig.SEED_PARAMETERS);
        assertThat(c.resilience()).as(id).isSameAs(io.chaosharness.retry.ResilienceConfig.ofDefaults());
        assertThat(c.availability()).as(id).isEqualTo(io.chaosharness.availability.AvailabilityConfig.ofDefaults());
    }

    @ParameterizedTest(name = "{0} is a named variant of {1} and says it is not the seed's design")
    @CsvSource({"long-outage-fast-fail, long-outage", "blackhole-short-socket-timeout, blackhole",
            "retry-budget-short-pool-timeout, retry-budget",
            "too-many-connections-short-pool-timeout, too-many-connections"})
    void shortenedSettingsAreNamedVariants(String variant, String seedId) {
        Scenario v = ScenarioCatalog.byId(variant).orElseThrow();

        assertThat(v.config().notes()).as(variant + " says where it departs").isNotEmpty();
        assertThat(v.title()).as(variant).contains("not the seed's");
        assertThat(v.hasWeakenedVariant()).as(variant + " has a weakened variant").isTrue();
        assertThat(ScenarioCatalog.byId(seedId).orElseThrow().description()).as(seedId + " points at " + variant)
                .contains(variant);
    }

    @Test
    void aCapOrReadOnlyModeSkipsWhatWouldLoseItsMeaningAndAdaptsTheRest() {
        RunOptions staging = RunOptions.builder().seed(1).readOnly(true).maxConcurrency(8).allowDatabaseFaults(false)
                .build();

        assertThat(ScenarioCatalog.byId("long-outage").orElseThrow().skipReason(staging, EXTERNAL))
                .hasValueSatisfying(r -> assertThat(r).contains("read-only").contains("login"));
        assertThat(ScenarioCatalog.byId("long-outage-fast-fail").orElseThrow().skipReason(staging, EXTERNAL))
                .isPresent();
        assertThat(ScenarioCatalog.byId("pool-exhaustion").orElseThrow().skipReason(staging, EXTERNAL))
                .hasValueSatisfying(r -> assertThat(r).contains("worker cap of 8").contains("15"));
        assertThat(ScenarioCatalog.byId("pool-exhaustion").orElseThrow()
                .skipReason(RunOptions.builder().maxConcurrency(15).build(), EMBEDDED)).isEmpty();

        Scenario steady = ScenarioCatalog.byId("steady-state").orElseThrow();
        assertThat(steady.skipReason(staging, EXTERNAL)).isEmpty();
        Scenario adapted = steady.adaptedTo(staging);
        assertThat(adapted.workload().peakConcurrency()).isEqualTo(8);
        assertThat(adapted.description()).as("states what runs").contains("8 concurrent users")
                .contains("capped from 150").doesNotContain("150 concurrent").doesNotContain("authentication");
        assertThat(adapted.adaptations()).anyMatch(a -> a.contains("capped at 8 workers (designed for 150)"))
                .anyMatch(a -> a.contains("without authenticate"))
                .anyMatch(a -> a.contains("'emergency-admin fallbacks' not judged"));
        assertThat(adapted.criteria()).as("no login runs read-only: the fallback criterion has nothing to measure")
                .extracting(Criterion::name).doesNotContain("emergency-admin fallbacks").contains("p99 operation latency");
        assertThat(steady.criteria()).extracting(Criterion::name).contains("emergency-admin fallbacks");
        assertThat(steady.description()).contains("150 concurrent users");
        assertThat(steady.adaptedTo(RunOptions.builder().build())).as("nothing to adapt").isSameAs(steady);

        Scenario latency = ScenarioCatalog.byId("latency").orElseThrow().adaptedTo(staging);
        assertThat(latency.description()).as("a fixed description is followed by what this run changed")
                .contains("This run: lane main without authenticate (read-only)");
        assertThat(latency.criteria()).as("its capped lane still starts more than 10 operations a second")
                .extracting(Criterion::name).contains("recovery at the limit");

        Scenario budget = ScenarioCatalog.byId("retry-budget").orElseThrow();
        Scenario cappedBudget = budget.adaptedTo(staging);
        assertThat(budget.criteria()).extracting(Criterion::name).contains("recovery at the limit");
        assertThat(cappedBudget.criteria()).as("8 workers at one read a second cannot fill a 1 s window of 10")
                .extracting(Criterion::name).doesNotContain("recovery at the limit")
                .hasSize(budget.criteria().size() - 1);
        assertThat(cappedBudget.adaptations()).anyMatch(a -> a.equals("criterion 'recovery at the limit' not judged: "
                + "the lanes as this run adapts them start at most 8.0 operations a second, fewer than the 10 a 1 s "
                + "window of its p99 needs"));
        assertThat(budget.adaptedTo(RunOptions.builder().maxConcurrency(10).build()).criteria())
                .as("10 workers at one read a second can").extracting(Criterion::name)
                .contains("recovery at the limit");
    }

    @Test
    void departuresFromTheSeedPlanSayWhy() {
        for (Scenario s : ScenarioCatalog.all()) {
            boolean differs = !s.config().urlParameters().equals(ScenarioConfig.SEED_PARAMETERS)
                    || s.config().resilience() != io.chaosharness.retry.ResilienceConfig.ofDefaults()
                    || !s.config().availability().equals(io.chaosharness.availability.AvailabilityConfig.ofDefaults());
            assertThat(s.config().notes().isEmpty()).as(s.id() + ": notes present exactly when the config differs")
                    .isEqualTo(!differs);
        }
        assertThatThrownBy(() -> ScenarioConfig.seedPlan().withUrlParameter("pool_timeout", "1", " "))
                .hasMessageContaining("why");
    }

    @Test
    void theSeedPlanIsTheDefaultDesignUnderTest() {
        ScenarioConfig seed = ScenarioConfig.seedPlan();

        assertThat(seed.query()).isEqualTo("connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000");
        assertThat(seed.resilience().maxRetries()).isEqualTo(3);
        assertThat(seed.resilience().baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(seed.availability().attemptTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theWeakenedVariantSwitchesTheGuardsOffAndSaysSo() {
        Scenario weakened = ScenarioCatalog.byId("brief-outage").orElseThrow().weakened();

        assertThat(weakened.config().resilience().retriesEnabled()).isFalse();
        assertThat(weakened.config().resilience().breakerEnabled()).isFalse();
        assertThat(weakened.config().resilience().socketTimeoutEnabled()).isFalse();
        assertThat(weakened.config().notes()).anyMatch(n -> n.contains("weakened"));
        assertThat(weakened.title()).contains("weakened");
        assertThatThrownBy(weakened::weakened).hasMessageContaining("no weakened variant");
        assertThat(ScenarioCatalog.byId("retry-budget-short-pool-timeout").orElseThrow().weakened().config()
                .resilience().budgetEnabled()).isFalse();
        Scenario seedBudget = ScenarioCatalog.byId("retry-budget").orElseThrow().weakened();
        assertThat(seedBudget.config().resilience().budgetEnabled()).isFalse();
        assertThat(seedBudget.config().urlParameters()).as("with the seed's pool_timeout the flapping proxy draws 1-2 "
                + "retries, so a pool without the budget alone cannot fail it").containsEntry("pool_timeout", "1");
    }

    @ParameterizedTest(name = "{0}: read-only={1}, db faults={2}, provider={3} -> skipped: {4}")
    @CsvSource({
            "steady-state,   true,  false, external, false",
            "write-safety,   true,  true,  embedded, true",
            "write-safety,   false, true,  embedded, false",
            "database-restart, false, false, embedded, true",
            "database-restart, false, true,  external, true",
            "database-restart, false, true,  embedded, false",
            "backend-termination, false, true, external, true",
            "too-many-connections, false, true, embedded, false",
            "long-outage,    true,  true,  embedded, true",
            "long-outage,    false, true,  embedded, false",
            "long-outage-fast-fail, true, true, embedded, true"})
    void skipReasons(String id, boolean readOnly, boolean dbFaults, String provider, boolean skipped) {
        Scenario s = ScenarioCatalog.byId(id).orElseThrow();
        RunOptions o = RunOptions.builder().seed(1).readOnly(readOnly).allowDatabaseFaults(dbFaults).build();

        assertThat(s.skipReason(o, provider.equals("embedded") ? EMBEDDED : EXTERNAL).isPresent())
                .as(s.skipReason(o, provider.equals("embedded") ? EMBEDDED : EXTERNAL).toString()).isEqualTo(skipped);
    }

    @Test
    void aDurationCapSkipsLongerScenariosAndSaysHowLong() {
        RunOptions o = RunOptions.builder().seed(1).maxDuration(Duration.ofSeconds(12)).build();

        assertThat(ScenarioCatalog.byId("long-outage-fast-fail").orElseThrow().skipReason(o, EMBEDDED))
                .hasValueSatisfying(r -> assertThat(r).contains("cap of 12 s"));
        assertThat(ScenarioCatalog.byId("steady-state").orElseThrow().skipReason(o, EMBEDDED)).isEmpty();
    }

    @Test
    void badInputNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> Scenario.builder("Bad Id").build()).hasMessageContaining("id")
                .hasMessageContaining("Bad Id");
        assertThatThrownBy(() -> Workload.Lane.named("x").concurrency(0).op(Operations.read(), 1).build())
                .hasMessageContaining("concurrency").hasMessageContaining("0");
        assertThatThrownBy(() -> Workload.Lane.named("x").maxOperations(0).op(Operations.read(), 1).build())
                .hasMessageContaining("maxOperations");
        assertThatThrownBy(() -> Workload.Lane.named("x").build()).hasMessageContaining("mix");
        assertThatThrownBy(() -> RunOptions.builder().maxConcurrency(0)).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> RunOptions.builder().maxDuration(Duration.ZERO)).hasMessageContaining("maxDuration");
        assertThatThrownBy(() -> Verdict.parse("maybe")).hasMessageContaining("maybe");
    }

    @Test
    void capsAndReadOnlyShapeTheLanes() {
        Workload.Lane lane = ScenarioCatalog.standardLane(Duration.ofSeconds(5));

        assertThat(lane.cappedAt(2).concurrency()).isEqualTo(2);
        assertThat(lane.cappedAt(100)).isSameAs(lane);
        Set<String> left = new HashSet<>();
        lane.withoutWrites().mix().forEach(w -> left.add(w.operation().name()));
        assertThat(left).containsExactly("read");
        assertThat(ScenarioCatalog.byId("write-safety").orElseThrow().onlyWrites()).isTrue();
    }
}
