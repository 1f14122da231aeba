package io.chaosharness.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.fallback.BreakGlassCredential;
import io.chaosharness.fallback.PasswordHasher;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceConfigTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("port", (Consumer<ServiceConfig.Builder>) b -> b.port(70_000), "70000"),
                Arguments.of("port", (Consumer<ServiceConfig.Builder>) b -> b.port(-1), "-1"),
                Arguments.of("jettyMaxThreads", (Consumer<ServiceConfig.Builder>) b -> b.jettyMaxThreads(2), "2"),
                Arguments.of("dbWorkers", (Consumer<ServiceConfig.Builder>) b -> b.dbWorkers(0), "0"),
                Arguments.of("dbQueue", (Consumer<ServiceConfig.Builder>) b -> b.dbQueue(0), "0"),
                Arguments.of("availabilityRetryCount", (Consumer<ServiceConfig.Builder>) b -> b.availabilityRetryCount(0), "0"),
                Arguments.of("gaugePeriod", (Consumer<ServiceConfig.Builder>) b -> b.gaugePeriod(Duration.ZERO), "0 ms"),
                Arguments.of("gaugeHistory", (Consumer<ServiceConfig.Builder>) b -> b.gaugeHistory(0), "0"),
                Arguments.of("host", (Consumer<ServiceConfig.Builder>) b -> b.host(" "), "' '"),
                Arguments.of("readTimeout", (Consumer<ServiceConfig.Builder>) b -> b.readTimeout(Duration.ofMillis(5)),
                        "5 ms"),
                Arguments.of("idleTimeout", (Consumer<ServiceConfig.Builder>) b -> b.idleTimeout(Duration.ofHours(2)),
                        "7200000 ms"),
                Arguments.of("maxConnections", (Consumer<ServiceConfig.Builder>) b -> b.maxConnections(3), "3"));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("badValues")
    void badValuesNameTheFieldAndTheValue(String field, Consumer<ServiceConfig.Builder> setter, String value) {
        assertThatThrownBy(() -> setter.accept(ServiceConfig.custom()))
                .hasMessageContaining(field).hasMessageContaining(value);
    }

    @Test
    void tokenAndBreakGlassAreRequired() {
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
        assertThatThrownBy(() -> ServiceConfig.custom().build()).hasMessageContaining("adminToken");
        assertThatThrownBy(() -> ServiceConfig.custom().adminToken(AdminToken.of("0123456789abcdef")).build())
                .hasMessageContaining("breakGlass");
        String text = ServiceConfig.custom().adminToken(AdminToken.of("0123456789abcdef-secret"))
                .breakGlass(BreakGlassCredential.of("bg@example.com", "bg-password", hasher)).hasher(hasher).build()
                .toString();
        org.assertj.core.api.Assertions.assertThat(text).as("toString").doesNotContain("secret", "bg-password");
    }
}
