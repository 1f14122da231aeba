package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.scenario.Scenario;
import io.chaosharness.scenario.ScenarioCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioSelectionTest {

    private static List<String> ids(List<String> parts) {
        return ScenarioSelection.select(ScenarioCatalog.all(), parts).stream().map(Scenario::id).toList();
    }

    @Test
    void scenariosRunInTheOrderNamedNotInCatalogOrder() {
        assertThat(ids(List.of("database-restart", "backend-termination", "write-safety", "brief-outage")))
                .containsExactly("database-restart", "backend-termination", "write-safety", "brief-outage");
    }

    @Test
    void aGlobKeepsCatalogOrderAmongItsMatchesAndARepeatRunsOnceWhereFirstNamed() {
        List<String> longOutages = ScenarioCatalog.ids().stream().filter(id -> id.startsWith("long-outage")).toList();
        assertThat(longOutages).hasSizeGreaterThan(1);
        List<String> expected = new java.util.ArrayList<>(List.of("brief-outage"));
        expected.addAll(longOutages);
        assertThat(ids(List.of("brief-outage", "long-outage*", "brief-outage", "long-outage")))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void withoutTheOptionTheWholeCatalogRunsInItsOrder() {
        assertThat(ids(null)).containsExactlyElementsOf(ScenarioCatalog.ids());
    }

    @Test
    void anUnknownPartNamesTheOptionAndThePart() {
        assertThatThrownBy(() -> ids(List.of("brief-outage", "no-such")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--scenarios")
                .hasMessageContaining("'no-such'");
    }
}
