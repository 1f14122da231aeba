package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.OwnedSchema;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.testing.TestPostgres;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code HARNESS_ENV=external} through the JUnit extension, as {@code mvn verify -pl scenarios} runs it: a
 * {@code @ChaosTest} class runs a scenario that writes (ledger rows, workload users) against a second real
 * PostgreSQL, then a test that fails; afterwards the target holds exactly the schemas, relations and roles it held
 * before.
 */
class ExternalTargetIsolationTest {

    @RegisterExtension
    static final TestPostgres TARGET = TestPostgres.perClass();

    static volatile boolean innerRunEnabled;
    static volatile Path innerResults;
    static final AtomicReference<String> SCHEMA = new AtomicReference<>();
    static final AtomicReference<Set<String>> WHILE_RUNNING = new AtomicReference<>();
    static final AtomicReference<ScenarioResult> RESULT = new AtomicReference<>();

    static boolean innerRunEnabled() {
        return innerRunEnabled;
    }

    @Test
    void aWriteScenarioAndAFailingTestLeaveNoSchemaTableOrRoleInTheTarget(@TempDir Path results) throws Exception {
        Set<String> before = catalog();
        innerResults = results;
        innerRunEnabled = true;
        EngineExecutionResults run;
        try {
            run = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(WritesAgainstTheTarget.class))
                    .configurationParameter("harness.env", "external")
                    .configurationParameter("harness.target.url", TARGET.url(null))
                    .configurationParameter("harness.seed", "1127")
                    .execute();
        } finally {
            innerRunEnabled = false;
        }
        run.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));

        ScenarioResult result = RESULT.get();
        assertThat(result.verdict()).as(result.explain()).isEqualTo(Verdict.PASS);
        assertThat(result.summary().operations()).as("operations ran against the target").isPositive();
        String schema = SCHEMA.get();
        assertThat(schema).as("the environment's own schema").startsWith(OwnedSchema.PREFIX);
        assertThat(WHILE_RUNNING.get()).as("while running, the scenario's tables were in the run's schema")
                .contains("relation " + schema + "." + Operations.WRITES,
                        "relation " + schema + "." + io.chaosharness.fallback.UserStore.TABLE)
                .doesNotContain("relation public." + Operations.WRITES,
                        "relation public." + io.chaosharness.fallback.UserStore.TABLE);
        assertThat(result.config().get("databaseUrl").toString()).as("the pool URL pointed into the schema")
                .contains("currentSchema=" + schema);
        assertThat(Files.readString(results.resolve("external-writes.json")))
                .as("no password in the result file").doesNotContain(TestPostgres.PASSWORD);

        assertThat(catalog()).as("schemas, relations and roles of the target after the run").isEqualTo(before);
    }

    /** Every schema, relation (with its schema) and role of the target, read straight from it. */
    static Set<String> catalog() throws SQLException {
        Set<String> names = new TreeSet<>();
        String jdbc = "jdbc:postgresql://127.0.0.1:" + TARGET.port() + "/postgres";
        try (Connection c = DriverManager.getConnection(jdbc, TestPostgres.USER, TestPostgres.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 'schema ' || nspname FROM pg_namespace UNION ALL "
                        + "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
                        + "ON n.oid = c.relnamespace UNION ALL SELECT 'role ' || rolname FROM pg_roles")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @ChaosTest
    @EnabledIf("io.chaosharness.scenario.ExternalTargetIsolationTest#innerRunEnabled")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WritesAgainstTheTarget {

        @Test
        @Order(1)
        void runsAScenarioThatWrites(ChaosEnvironment env) throws Exception {
            Scenario writes = Scenario.builder("external-writes").title("writes").description("writes and logins")
                    .workload(Workload.of(Workload.Lane.named("main").concurrency(2).pacing(Duration.ofMillis(40))
                            .duration(Duration.ofMillis(2500)).maxOperations(200)
                            .op(Operations.write(), 2).op(Operations.authenticate(), 1).op(Operations.read(), 1)
                            .build()))
                    .criterion(Criteria.errorRateBelow(5)).build();
            SCHEMA.set(env.ownedSchema().orElse(null));
            RESULT.set(ScenarioRunner.run(writes, env, RunOptions.builder().resultDir(innerResults).build()));
            WHILE_RUNNING.set(catalog());
        }

        @Test
        @Order(2)
        void failsAfterWriting(ChaosEnvironment env) throws Exception {
            try (Connection c = env.adminDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE left_by_a_failing_test (k int)");
            }
            fail("deliberate failure after writing");
        }
    }
}
