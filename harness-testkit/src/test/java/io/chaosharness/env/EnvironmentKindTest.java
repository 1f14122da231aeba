package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentKindTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({"embedded, EMBEDDED", "CONTAINERS, CONTAINERS", "' external ', EXTERNAL", "Embedded, EMBEDDED"})
    void knownValuesParseIgnoringCaseAndBlanks(String value, EnvironmentKind expected) {
        assertThat(EnvironmentKind.parse(value)).as("parse('%s')", value).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"docker", "embeded", "", "local"})
    void badValuesAreRejectedNamingTheVariableAndTheValue(String value) {
        assertThatThrownBy(() -> EnvironmentKind.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HARNESS_ENV")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("embedded, containers, external");
    }

    @Test
    void systemPropertyWinsOverTheVariableWhichWinsOverDetection() {
        assertThat(EnvironmentKind.select(Map.of("HARNESS_ENV", "external"), "embedded", () -> true))
                .as("system property first").isEqualTo(EnvironmentKind.EMBEDDED);
        assertThat(EnvironmentKind.select(Map.of("HARNESS_ENV", "external"), null, () -> true))
                .as("then the variable").isEqualTo(EnvironmentKind.EXTERNAL);
        assertThat(EnvironmentKind.select(Map.of(), null, () -> true))
                .as("Docker present").isEqualTo(EnvironmentKind.CONTAINERS);
        assertThat(EnvironmentKind.select(Map.of(), " ", () -> false))
                .as("no Docker").isEqualTo(EnvironmentKind.EMBEDDED);
    }

    @Test
    void aBadVariableFailsEvenWhenDockerWouldDecide() {
        assertThatThrownBy(() -> EnvironmentKind.select(Map.of("HARNESS_ENV", "kubernetes"), null, () -> false))
                .hasMessageContaining("HARNESS_ENV").hasMessageContaining("kubernetes");
    }
}
