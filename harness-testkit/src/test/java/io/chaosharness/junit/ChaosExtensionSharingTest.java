package io.chaosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.chaosharness.env.ChaosEnvironment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.testkit.engine.EngineTestKit;

/** One environment is shared across {@code @ChaosTest} classes of a run; an isolated class gets its own. */
class ChaosExtensionSharingTest {

    static volatile boolean innerRunEnabled;
    static final Map<String, ChaosEnvironment> SEEN = new ConcurrentHashMap<>();
    static final Map<String, String> PROVIDER = new ConcurrentHashMap<>();

    static boolean innerRunEnabled() {
        return innerRunEnabled;
    }

    /**
     * The provider the inner run uses: {@code embedded}, or another named by the system property
     * {@code harness.test.env} ({@code .ci/run} runs this test on {@code containers} too).
     */
    static String environmentKind() {
        return System.getProperty("harness.test.env", "embedded");
    }

    @Test
    void classesShareTheRunsEnvironmentUnlessIsolated() {
        innerRunEnabled = true;
        try {
            EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(SharedA.class), selectClass(Isolated.class), selectClass(SharedB.class))
                    .configurationParameter("harness.env", environmentKind())
                    .execute()
                    .testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        } finally {
            innerRunEnabled = false;
        }
        assertThat(PROVIDER.get("A")).as("provider of the inner run").isEqualTo(environmentKind());
        assertThat(SEEN.get("A")).as("two shared classes, one environment").isSameAs(SEEN.get("B"));
        assertThat(SEEN.get("isolated")).as("the isolated class's environment").isNotSameAs(SEEN.get("A"));
        assertThat(SEEN.values()).as("every environment closed after the run")
                .allSatisfy(env -> assertThat(env.isRunning()).as("%s running", env).isFalse());
    }

    @ChaosTest
    @EnabledIf("io.chaosharness.junit.ChaosExtensionSharingTest#innerRunEnabled")
    static class SharedA {
        @Test
        void records(ChaosEnvironment env) {
            SEEN.put("A", env);
            PROVIDER.put("A", env.capabilities().provider());
        }
    }

    @ChaosTest(isolatedEnvironment = true)
    @EnabledIf("io.chaosharness.junit.ChaosExtensionSharingTest#innerRunEnabled")
    static class Isolated {
        @Test
        void records(ChaosEnvironment env) {
            SEEN.put("isolated", env);
        }
    }

    @ChaosTest
    @EnabledIf("io.chaosharness.junit.ChaosExtensionSharingTest#innerRunEnabled")
    static class SharedB {
        @Test
        void records(ChaosEnvironment env) {
            SEEN.put("B", env);
        }
    }
}
