package io.chaosharness.scenario;

import static io.chaosharness.scenario.ScenarioSuiteTest.assertPasses;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The part of the scenario suite that restarts the database, terminates its backends, limits its connections, times
 * statements out, writes through faults, and checks the retry budget and the availability check: the same judgement
 * as {@link ScenarioSuiteTest} ({@link ScenarioSuiteTest#assertPasses}), in a class of its own so that Surefire's
 * forks run it beside the rest.
 */
@ChaosTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioSuiteDatabaseFaultsTest {

    @Test
    @Order(10)
    void databaseRestartIsMaskedWithoutFallback(ChaosEnvironment env) {
        assertPasses("database-restart", env);
    }

    @Test
    @Order(11)
    void terminatedBackendsAreEvictedAndRetried(ChaosEnvironment env) {
        assertPasses("backend-termination", env);
    }

    @Test
    @Order(12)
    void poolExhaustionYieldsBoundedClassifiedWaits(ChaosEnvironment env) {
        assertPasses("pool-exhaustion", env);
    }

    @Test
    @Order(13)
    void tooManyConnectionsWithAShortPoolTimeoutIsClassifiedAndRetriedWithBackoff(ChaosEnvironment env) {
        assertPasses("too-many-connections-short-pool-timeout", env);
    }

    @Test
    @Order(14)
    void statementTimeoutIsNotRetriedAndKeepsTheConnection(ChaosEnvironment env) {
        assertPasses("statement-timeout", env);
    }

    @Test
    @Order(15)
    void acknowledgedWritesAreStoredExactlyOnce(ChaosEnvironment env) {
        assertPasses("write-safety", env);
    }

    @Test
    @Order(16)
    void retriesStayWithinTheBudgetUnderASustainedPartialFault(ChaosEnvironment env) {
        assertPasses("retry-budget", env);
    }

    @Test
    @Order(16)
    void retriesStayWithinTheBudgetWithAShortPoolTimeout(ChaosEnvironment env) {
        assertPasses("retry-budget-short-pool-timeout", env);
    }

    @Test
    @Order(17)
    void availabilityCheckRidesOutABriefFault(ChaosEnvironment env) {
        assertPasses("availability-check", env);
    }
}
