package io.chaosharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.EnvironmentInfo;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Summary;
import io.chaosharness.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportTest {

    @TempDir
    Path dir;

    @Test
    void theReportShowsBothDesignsVerdictsPerCriterionAndNamesWhatBMisses() throws Exception {
        write(dir.resolve("seed"), "seed", Verdict.PASS, Verdict.PASS, 40.0, 900L);
        write(dir.resolve("small"), "small", Verdict.FAIL, Verdict.FAIL, 55.5, 1400L);

        Comparison c = ComparisonReport.generate("seed", dir.resolve("seed"), "small", dir.resolve("small"),
                dir.resolve("report"));

        assertThat(c.bHoldsUp()).as("small misses a criterion seed meets").isFalse();
        assertThat(c.regressions()).containsExactly("brief-outage: failed operations (seed 0; small fail, 12)");
        Comparison.ScenarioComparison s = c.scenarios().get(0);
        assertThat(s.p99DiffMs()).isEqualTo(15.5);
        assertThat(s.recoveryDiffMs()).isEqualTo(500L);
        assertThat(s.conclusion()).startsWith("small fails where seed passes: it misses failed operations")
                .contains("p99 small 55.5 ms vs seed 40.0 ms (+15.5 ms)");
        assertThat(c.a().settings()).containsEntry("connection_limit", "15");

        String html = Files.readString(dir.resolve("report/index.html"));
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"comparison-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("the data block").isTrue();
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        JsonNode criterion = data.path("scenarios").get(0).path("criteria").get(0);
        assertThat(criterion.path("verdictA").asText()).isEqualTo("pass");
        assertThat(criterion.path("verdictB").asText()).isEqualTo("fail");
        assertThat(criterion.path("passes").asText()).isEqualTo("seed only");
        assertThat(html).as("the table a person reads").contains("<td class=\"only\">seed only</td>")
                .contains("small fails where seed passes");
        assertThat(new ObjectMapper().readTree(dir.resolve("report/comparison.json").toFile())
                .path("conclusion").asText()).startsWith("small misses 1 criterion");
    }

    @Test
    void eachFaultWindowsRecoveryFiguresAreShownForBothDesigns() throws Exception {
        write(dir.resolve("seed"), "seed", Verdict.PASS, Verdict.PASS, 40.0, 60L);
        write(dir.resolve("plain"), "plain", Verdict.FAIL, Verdict.FAIL, 55.5, 700L);

        Comparison c = ComparisonReport.generate("seed", dir.resolve("seed"), "plain", dir.resolve("plain"),
                dir.resolve("report"));

        assertThat(c.scenarios().get(0).recovery()).as("first success, p99 by start, by completion, A then B")
                .containsExactly(new Comparison.RecoveryComparison("f1", 60L, 6L, 1060L, 700L, 70L, 1700L));
        String html = Files.readString(dir.resolve("report/index.html"));
        assertThat(html).contains("<tr data-fault=\"f1\"><td><code>f1</code></td><td>60</td><td>6</td><td>1060</td>"
                + "<td>700</td><td>70</td><td>1700</td></tr>");
    }

    /**
     * A window the next fault followed within 2 s has no by-start figure because none could be measured, which the
     * page says instead of the "–" of a window never recovered (as the criterion and the command line say it).
     */
    @Test
    void aByStartFigureThatCouldNotBeMeasuredIsShownSoNotAsNeverReached() throws Exception {
        write(dir.resolve("seed"), "seed", Verdict.PASS, Verdict.PASS, 40.0, List.of(
                new Recovery("f1", 20L, 1100L, null, null, 1000L), new Recovery("f2", 30L, 900L, null, null, 5000L),
                new Recovery("f3", 25L, 800L, 10L, null, null)));
        write(dir.resolve("plain"), "plain", Verdict.FAIL, Verdict.FAIL, 55.5, List.of(
                new Recovery("f1", 600L, null, null, null, 1000L), new Recovery("f2", 650L, null, null, null, 5000L),
                new Recovery("f3", 700L, 1700L, 900L, null, null)));

        ComparisonReport.generate("seed", dir.resolve("seed"), "plain", dir.resolve("plain"), dir.resolve("report"));

        String html = Files.readString(dir.resolve("report/index.html"));
        assertThat(html).as("f1: up 1 s, not measurable on either side")
                .contains("<tr data-fault=\"f1\"><td><code>f1</code></td><td>20</td><td>not measurable (up 1000 ms)"
                        + "</td><td>1100</td><td>600</td><td>not measurable (up 1000 ms)</td><td>–</td></tr>")
                .as("f2: up 5 s, measurable, so a missing figure is not reached")
                .contains("<tr data-fault=\"f2\"><td><code>f2</code></td><td>30</td><td>–</td><td>900</td>"
                        + "<td>650</td><td>–</td><td>–</td></tr>")
                .as("f3: the last window")
                .contains("<tr data-fault=\"f3\"><td><code>f3</code></td><td>25</td><td>10</td><td>800</td>"
                        + "<td>700</td><td>900</td><td>1700</td></tr>");
    }

    @Test
    void aScenarioMissingOnOneSideMakesTheComparisonIncomplete() throws Exception {
        write(dir.resolve("a"), "a", Verdict.PASS, Verdict.PASS, 40.0, 900L);
        Files.createDirectories(dir.resolve("b"));

        Comparison c = ComparisonReport.generate("a", dir.resolve("a"), "b", dir.resolve("b"), dir.resolve("r"));

        assertThat(c.regressions()).isEmpty();
        assertThat(c.incomplete()).containsExactly("brief-outage: no result for b");
        assertThat(c.bHoldsUp()).isFalse();
    }

    private static void write(Path folder, String design, Verdict verdict, Verdict failedOps, double p99,
                              long recovery) throws Exception {
        write(folder, design, verdict, failedOps, p99, List.of(new Recovery("f1", recovery, recovery + 1000,
                recovery / 10, null)));
    }

    private static void write(Path folder, String design, Verdict verdict, Verdict failedOps, double p99,
                              List<Recovery> recovery) throws Exception {
        Files.createDirectories(folder);
        List<CriterionResult> criteria = List.of(
                new CriterionResult("failed operations", null, "0", failedOps == Verdict.PASS ? "0" : "12",
                        failedOps, null, null, null),
                new CriterionResult("retries", null, "≥ 1", "40", Verdict.PASS, null, null, null));
        Map<String, Object> config = Map.of("design", design, "design_settings",
                Map.of("connection_limit", design.equals("small") ? "5" : "15"));
        ResultFiles.write(new ScenarioResult(ResultFiles.SCHEMA_VERSION, "brief-outage", "Brief outage", "d",
                verdict, 1L, Fixtures.START, 10_000L, new EnvironmentInfo("embedded", "17", "embedded", null, "17"),
                config, List.of(), criteria, recovery,
                new Summary(100L, 0L, 100L, 40L, 0L, 0L, 5.0, 3.0, 20.0, p99, 0.2, 80.0, 0L, 0L, 0.0), null,
                List.of()), folder);
    }
}
