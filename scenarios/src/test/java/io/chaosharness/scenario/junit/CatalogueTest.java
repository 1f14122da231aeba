package io.chaosharness.scenario.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.sut.SystemUnderTest;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The entry point's choices and messages, without running a scenario (the example module runs them for real). */
class CatalogueTest {

    private static final Supplier<SystemUnderTest> NO_SYSTEM = () -> {
        throw new AssertionError("no scenario runs in this test");
    };

    @Test
    void anUnknownScenarioIdIsRefusedNamingTheFieldAndTheKnownIds() {
        assertThatThrownBy(() -> Catalogue.against(NO_SYSTEM).scenarios("brief-outage", "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenarios: unknown scenario 'nope'").hasMessageContaining("brief-outage");
        assertThatThrownBy(() -> Catalogue.against(NO_SYSTEM).scenarios())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scenarios");
    }

    @Test
    void onlyPassOrFailCanBeExpectedAndEveryOptionReturnsANewValue() {
        Catalogue all = Catalogue.against(NO_SYSTEM);
        Catalogue one = all.scenarios("brief-outage");

        assertThat(one.ids()).as("selected").containsExactly("brief-outage");
        assertThat(all.ids()).as("the original is unchanged").hasSizeGreaterThan(1);
        assertThat(one.expectVerdict(Verdict.FAIL).toString()).as("expecting fail").contains("expecting fail");
        assertThat(one.toString()).as("still expecting pass").contains("expecting pass");
        assertThatThrownBy(() -> one.expectVerdict(Verdict.NOT_MEASURED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectVerdict")
                .hasMessageContaining("not-measured");
    }

    @Test
    void anUnexpectedVerdictIsDescribedByTheSentencesOfTheCriteriaNotMet() {
        ScenarioResult failed = result(Verdict.FAIL, List.of(
                new CriterionResult("emergency-admin fallbacks", null, "= 0 granted", "11 granted", Verdict.FAIL,
                        11.0, 0.0, "first at 2600 ms"),
                new CriterionResult("retries", null, "≥ 1", "no data: the system under test exposes no retries",
                        Verdict.NOT_MEASURED, null, null, null),
                new CriterionResult("error rate after retries", null, "< 1 %", "0.2 %", Verdict.PASS, 0.2, 1.0,
                        null)));

        String message = Catalogue.describe(failed, Verdict.PASS);

        assertThat(message).as("message").startsWith("brief-outage (Brief outage): expected pass, but was fail")
                .contains("2 of 3 criteria not met")
                .contains("emergency-admin fallbacks: 11 granted (target = 0 granted) fail — first at 2600 ms")
                .contains("retries: no data: the system under test exposes no retries")
                .doesNotContain("error rate after retries");
        assertThat(Catalogue.describe(result(Verdict.PASS, failed.criteria().subList(2, 3)), Verdict.FAIL))
                .as("an unexpected pass lists what was met")
                .contains("expected fail, but was pass: every criterion was met").contains("error rate after retries");
    }

    private static ScenarioResult result(Verdict verdict, List<CriterionResult> criteria) {
        return new ScenarioResult(1, "brief-outage", "Brief outage", "d", verdict, 1L, null, 1L, null, null,
                List.of(), criteria, List.of(), null, null, List.of());
    }
}
