package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DesignTest {

    @TempDir
    Path dir;

    @Test
    void theSeedDesignIsTheSeedPlansSettings() {
        Design seed = Design.seed();
        assertThat(seed.pool()).as("pool").isEqualTo(ScenarioConfig.SEED_PARAMETERS);
        assertThat(seed.changesFromSeed()).as("changes").isEmpty();
        assertThat(seed.settings()).as("settings").containsEntry("retry.max_retries", "3")
                .containsEntry("availability.attempt_timeout", "10s").containsEntry("budget.ratio", "0.2");
    }

    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
            "connection_limit|0|connection_limit must be between 1 and 10000, but was 0",
            "pool_timeout|x|pool_timeout must be an integer between 1 and 3600, but was 'x'",
            "retry.max_retries|11|retry.max_retries must be between 0 and 10, but was 11",
            "retry.base_delay|1|retry.base_delay must be a duration such as 500ms, 2s or 1m, but was '1'",
            "breaker.failure_rate|0|breaker.failure_rate must be between 1 and 100, but was 0.0",
            "availability.attempt_timeout|0ms|availability.attempt_timeout must be between 1 ms and 300000 ms, "
                    + "but was 0 ms",
            "pgjdbc.nosuch|1|unknown parameter 'nosuch'",
            "retry.nosuch|1|unknown setting 'retry.nosuch'",
            "password|x|'password' belongs to the target URL"})
    void aBadSettingIsRefusedNamingTheSettingAndTheValue(String key, String value, String message) {
        assertThatThrownBy(() -> Design.builder("d").set(key, value)).isInstanceOf(DesignException.class)
                .hasMessageContaining(message);
    }

    @Test
    void contradictorySettingsAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> Design.builder("d").set("retry.base_delay", "2s").set("retry.max_delay", "1s")
                .build()).hasMessageContaining("retry.max_delay must be at least retry.base_delay");
    }

    @Test
    void aFileSetsWhatItNamesAndKeepsTheSeedsOtherSettings() throws Exception {
        Path file = dir.resolve("small.design");
        Files.writeString(file, "# smaller\nname = small-pool\nconnection_limit = 5\npool_timeout=2\n\n"
                + "pgjdbc.socketTimeout = 20\nretry.base_delay = 500ms\nbudget.enabled = false\n");
        Design d = DesignFile.read(file);
        assertThat(d.name()).isEqualTo("small-pool");
        assertThat(d.connectionLimit()).isEqualTo(5);
        assertThat(d.poolTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.pool()).containsEntry("socketTimeout", "20").containsEntry("statement_timeout", "30000");
        assertThat(d.resilience().baseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.resilience().budgetEnabled()).isFalse();
        assertThat(d.changesFromSeed()).containsExactly("connection_limit=5", "pool_timeout=2",
                "pgjdbc.socketTimeout=20", "retry.base_delay=500ms", "budget.enabled=false");
    }

    @Test
    void aFileErrorNamesTheFileTheLineAndTheSetting() throws Exception {
        Path file = dir.resolve("bad.design");
        Files.writeString(file, "name = bad\n# comment\nconnection_limit = 0\n");
        assertThatThrownBy(() -> DesignFile.read(file))
                .hasMessage(file + ":3: connection_limit must be between 1 and 10000, but was 0");
        Files.writeString(file, "pool_timeout = 2\npool_timeout = 3\n");
        assertThatThrownBy(() -> DesignFile.read(file)).hasMessage(file + ":2: pool_timeout is already set on line 1");
        Files.writeString(file, "just words\n");
        assertThatThrownBy(() -> DesignFile.read(file)).hasMessageContaining(file + ":1: expected 'key = value'");
        assertThatThrownBy(() -> DesignFile.read(dir.resolve("none"))).hasMessageContaining("no such design file");
    }

    @Test
    void aScenariosDeparturesStayWhenAnotherDesignIsPutUnderIt() {
        Design small = Design.builder("small").setQuery("--pool", "", "connection_limit=5&pool_timeout=2").build();
        Scenario variant = ScenarioCatalog.all(small).stream()
                .filter(s -> s.id().equals("retry-budget-short-pool-timeout")).findFirst().orElseThrow();
        assertThat(variant.config().design().name()).isEqualTo("small");
        assertThat(variant.config().urlParameters()).as("the variant's own pool_timeout stays, the design's size "
                + "comes in").containsEntry("pool_timeout", "1").containsEntry("connection_limit", "5");
        assertThat(variant.config().notes()).anyMatch(n -> n.startsWith("pool_timeout=1"));
        Scenario plain = ScenarioCatalog.all(small).stream().filter(s -> s.id().equals("brief-outage")).findFirst()
                .orElseThrow();
        assertThat(plain.config().urlParameters()).containsEntry("pool_timeout", "2")
                .containsEntry("connection_limit", "5");
        assertThat(plain.config().notes()).isEmpty();
    }

    @Test
    void retryBudgetIsJudgedAgainstTheDesignsOwnBudgetAndTheSeedsWhereItHasNone() {
        java.util.function.Function<Design, String> bound = d -> ScenarioCatalog.all(d).stream()
                .filter(s -> s.id().equals("retry-budget")).findFirst().orElseThrow().criteria().stream()
                .filter(c -> c.name().equals("retries within the budget")).findFirst().orElseThrow().target();
        assertThat(bound.apply(Design.seed())).isEqualTo("≤ 0.2 × calls + 3/s in every 10 s");
        assertThat(bound.apply(Design.builder("tight").set("budget.ratio", "0.1")
                .set("budget.min_retries_per_second", "1").build())).isEqualTo("≤ 0.1 × calls + 1/s in every 10 s");
        Design none = Design.builder("none").set("budget.enabled", "false").build();
        assertThat(bound.apply(none)).as("no budget of its own: held to the seed's")
                .isEqualTo("≤ 0.2 × calls + 3/s in every 10 s");
        assertThat(ScenarioCatalog.all(none).stream().filter(s -> s.id().equals("retry-budget")).findFirst()
                .orElseThrow().proves()).contains("has no retry budget of its own");
    }

    @Test
    void poolSizeDependentWorkloadsFollowTheDesignAndStayTheSeedsForTheSeed() {
        Design small = Design.builder("small").set("connection_limit", "5").set("pool_timeout", "2").build();
        Scenario seedExhaustion = ScenarioCatalog.byId("pool-exhaustion").orElseThrow();
        Scenario smallExhaustion = ScenarioCatalog.all(small).stream()
                .filter(s -> s.id().equals("pool-exhaustion")).findFirst().orElseThrow();
        assertThat(lane(seedExhaustion, "hold").concurrency()).as("seed slow queries").isEqualTo(15);
        assertThat(lane(smallExhaustion, "hold").concurrency()).as("slow queries on 5 connections").isEqualTo(5);
        assertThat(seedExhaustion.criteria()).anyMatch(c -> c.target().contains("≤ 11000 ms"));
        assertThat(smallExhaustion.criteria()).anyMatch(c -> c.target().contains("≤ 3000 ms"));
        Scenario seedSteady = ScenarioCatalog.byId("steady-state").orElseThrow();
        Scenario smallSteady = ScenarioCatalog.all(small).get(0);
        assertThat(seedSteady.workload().peakConcurrency()).as("seed users").isEqualTo(150);
        assertThat(smallSteady.workload().peakConcurrency()).as("users on 5 connections").isEqualTo(50);
    }

    @Test
    void aSecretNamedPgjdbcPropertyIsMaskedWhereverTheDesignIsShown() {
        Design d = Design.builder("tls").set("pgjdbc.sslpassword", "tls-s3cret").build();
        assertThat(d.settings()).containsEntry("pgjdbc.sslpassword", "****");
        assertThat(d.describe()).doesNotContain("tls-s3cret");
        assertThat(ScenarioConfig.of(d).toString()).doesNotContain("tls-s3cret");
        assertThat(d.pool()).as("the pool still gets the value").containsEntry("sslpassword", "tls-s3cret");
    }

    @Test
    void theRefusalOfTooManyConnectionsOutlastsTheDesignsPoolTimeout() {
        Scenario seed = ScenarioCatalog.byId("too-many-connections").orElseThrow();
        Scenario slow = ScenarioCatalog.all(Design.builder("slow").set("pool_timeout", "30").build()).stream()
                .filter(s -> s.id().equals("too-many-connections")).findFirst().orElseThrow();
        assertThat(seed.faults().get(0).duration()).as("the seed's window").isEqualTo(Duration.ofSeconds(12));
        assertThat(slow.faults().get(0).duration()).as("30 s pool_timeout + 2 s").isEqualTo(Duration.ofSeconds(32));
    }

    private static Workload.Lane lane(Scenario s, String name) {
        return s.workload().lanes().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }
}
