package com.example.flaky;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.junit.Catalogue;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The catalogue's brief outage (the proxy down for 2 s under steady load) against the web app: before its fix the
 * outage hands out emergency-admin sessions and fails operations; with its fix retries mask it. Both systems run the
 * same scenario, so each writes to its own folder under {@code target/resilience-results}.
 */
class FlakyWebappChaosTest {

    @TestFactory
    Stream<DynamicTest> beforeTheFixABriefOutageHandsOutEmergencyAdminSessions() {
        return Catalogue.against(() -> new FlakyWebappSystem(false))
                .scenarios("brief-outage")
                .resultDir(Catalogue.defaultResultDir().resolve("before-fix"))
                .expectVerdict(Verdict.FAIL)
                .then(result -> {
                    CriterionResult fallbacks = criterion(result, "emergency-admin fallbacks");
                    assertThat(fallbacks.verdict()).as("emergency-admin fallbacks: %s", fallbacks)
                            .isEqualTo(Verdict.FAIL);
                    assertThat(fallbacks.measuredValue()).as("granted emergency sessions: %s", fallbacks)
                            .isPositive();
                    assertThat(Files.exists(Catalogue.defaultResultDir().resolve("before-fix/brief-outage.json")))
                            .as("result file in target/resilience-results/before-fix").isTrue();
                })
                .dynamicTests();
    }

    @TestFactory
    Stream<DynamicTest> withTheFixRetriesMaskABriefOutage() {
        return Catalogue.against(() -> new FlakyWebappSystem(true)).scenarios("brief-outage")
                .resultDir(Catalogue.defaultResultDir().resolve("fixed"))
                .dynamicTests();
    }

    private static CriterionResult criterion(ScenarioResult result, String name) {
        return result.criteria().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion '" + name + "' in " + result.criteria()));
    }
}
