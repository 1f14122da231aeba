package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy is its own artifact: neither its main code nor its tests may see the reference pool, the environments or
 * the JUnit extension. If someone adds such a dependency to this module, these classes load and the test fails.
 */
class StandaloneModuleTest {

    @ParameterizedTest(name = "{0} is not on the proxy module's class path")
    @ValueSource(strings = {
            "io.chaosharness.pool.ReferencePool",
            "io.chaosharness.retry.RetryExecutor",
            "io.chaosharness.env.ChaosEnvironment",
            "io.chaosharness.chaos.FaultInjector",
            "io.chaosharness.junit.ChaosExtension",
            "io.chaosharness.app.ReferenceService",
            "com.zaxxer.hikari.HikariDataSource",
            "io.javalin.Javalin"})
    void theProxyModuleDoesNotDependOnPoolEnvironmentOrJUnitCode(String className) {
        assertThatThrownBy(() -> Class.forName(className, false, getClass().getClassLoader()))
                .as("the proxy module must build without %s", className)
                .isInstanceOf(ClassNotFoundException.class);
    }
}
