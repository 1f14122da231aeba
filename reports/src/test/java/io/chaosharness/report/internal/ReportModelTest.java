package io.chaosharness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.report.BrokenFile;
import io.chaosharness.report.OverallVerdict;
import io.chaosharness.result.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportModelTest {

    private static ScenarioReport scenario(String id, Verdict v) {
        Timeline empty = new TimelineAggregator().finish(Instant.EPOCH, null, List.of());
        return new ScenarioReport(Path.of(id + ".json"), id, id, null, v, v, "1", Instant.EPOCH, 1000L, Map.of(),
                Map.of(), List.of(), List.of(), List.of(),
                new KeyFigures(10, 0, 10, 0, 0, 0, 1.0, 1.0, 1.0, 1.0, 0.1), null, empty, List.of());
    }

    private static GatlingRun simulation(boolean passed) {
        return new GatlingRun(Path.of("g.json"), "g", null, null, null, null, null, null, null, null, null, null,
                null, null, null, passed, List.of(), null, false);
    }

    @ParameterizedTest(name = "scenarios [{0}], gatling [{1}], broken {2} -> {3}")
    @CsvSource({
            "'',                 '',         0, NO_RESULTS",
            "PASS,               '',         0, PASS",
            "PASS PASS,          pass,       0, PASS",
            "PASS FAIL,          pass,       0, FAIL",
            "PASS,               fail,       0, FAIL",
            "PASS ABORTED,       pass,       0, INCOMPLETE",
            "ERROR,              '',         0, INCOMPLETE",
            "PASS,               '',         1, INCOMPLETE",
            "FAIL ERROR,         '',         1, FAIL",
            "'',                 '',         1, INCOMPLETE",
            "'',                 pass,       0, PASS",
    })
    void overallVerdict(String scenarios, String gatling, int broken, OverallVerdict expected) {
        List<ScenarioReport> s = new ArrayList<>();
        int i = 0;
        for (String v : scenarios.split("\\s+")) {
            if (!v.isBlank()) {
                s.add(scenario("s" + i++, Verdict.valueOf(v)));
            }
        }
        List<GatlingRun> g = gatling.isBlank() ? List.of() : List.of(simulation(gatling.equals("pass")));
        List<BrokenFile> b = broken == 0 ? List.of() : List.of(new BrokenFile(Path.of("x.json"), "x.json: broken"));

        ReportModel model = new ReportModel(Instant.EPOCH, s, g, b, List.of(), List.of(), List.of());

        assertThat(model.verdict()).isEqualTo(expected);
    }
}
