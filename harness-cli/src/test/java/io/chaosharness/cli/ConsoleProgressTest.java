package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void aCriterionNotMeasuredIsNamedOnTheVerdictLine() {
        ScenarioResult r = new ScenarioResult(1, "brief-outage", "Brief outage", "d", Verdict.FAIL, 1L, Instant.EPOCH,
                10_500L, null, Map.of(), List.of(), List.of(
                new CriterionResult("retries", null, "≥ 1", "4", Verdict.PASS, 4.0, 1.0, null),
                new CriterionResult("emergency-admin fallbacks", "emergency-admin-fallbacks", "= 0 granted",
                        "no data: no login was attempted: nothing could fall back", Verdict.NOT_MEASURED, null, null,
                        null)), List.of(), null, null, List.of());

        String line = ConsoleProgress.verdictLine("[3/3] ", r);

        assertThat(line).isEqualTo("[3/3] brief-outage: FAIL in 10.5 s - 1 of 2 criteria not met: "
                + "NOT MEASURED emergency-admin fallbacks no data: no login was attempted: nothing could fall back "
                + "(target = 0 granted)");
    }
}
