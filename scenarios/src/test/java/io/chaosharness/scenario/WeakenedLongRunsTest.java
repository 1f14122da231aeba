package io.chaosharness.scenario;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weakened variants of {@link WeakenedPoolTest#LONG_RUNS}, in a class of their own so that Surefire can run them
 * in its second fork beside the rest of {@link WeakenedPoolTest}; the same assertions.
 */
@ChaosTest
class WeakenedLongRunsTest {

    @TempDir
    Path results;

    static Stream<String> longRuns() {
        return ScenarioCatalog.ids().stream().filter(WeakenedPoolTest.LONG_RUNS::contains);
    }

    @ParameterizedTest(name = "{0} fails when weakened")
    @MethodSource("longRuns")
    void theWeakenedVariantFailsTheCriterionItNames(String id, ChaosEnvironment env) {
        WeakenedPoolTest.assertWeakenedFails(id, env, results);
    }
}
