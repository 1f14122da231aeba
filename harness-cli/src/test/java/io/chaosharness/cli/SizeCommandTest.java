package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.report.ReportRequest;
import io.chaosharness.report.ReportResult;
import io.chaosharness.report.ResilienceReport;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./harness size}: usage errors, and real runs of tiny grids on the embedded environment (PostgreSQL and
 * the proxy started by the command), without and with {@code --fault outage}, whose tables must follow from their own
 * measured cells.
 */
class SizeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final InProcessCli cli = InProcessCli.of(SizeCommand::new, () -> InProcessCli.folders(dir, "--seed", "17"));

    @Test
    void aTinyGridOnTheEmbeddedEnvironmentWritesATableThatFollowsFromItsCells() throws Exception {
        int code = cli.execute("--users", "10,20", "--pools", "2,5", "--cell-time", "3s");

        String output = cli.output();
        assertThat(output).as("estimate before it starts").contains("estimate: ");
        JsonNode doc = JSON.readTree(dir.resolve("results/pool-sizing/pool-sizing.json").toFile());
        assertThat(doc.path("schema").asText()).isEqualTo(SizingReport.SCHEMA);
        assertThat(doc.path("complete").asBoolean()).as("complete; %s", output).isTrue();
        assertThat(doc.path("cells")).as("2 users x 2 pools").hasSize(4);
        for (JsonNode c : doc.path("cells")) {
            assertThat(c.path("completed").asBoolean()).as("cell measured; %s", c).isTrue();
            assertThat(c.path("operations").asLong()).as("operations in %s", c).isPositive();
            assertThat(c.path("p99Ms").isNumber()).as("p99 in %s", c).isTrue();
            assertThat(c.path("utilisation").isNumber()).as("utilisation in %s", c).isTrue();
            boolean meets = c.path("p99Ms").asDouble() < 100
                    && c.path("utilisation").asDouble() < c.path("utilisationTarget").asDouble();
            assertThat(c.path("meetsTargets").asBoolean()).as("meetsTargets follows the figures in %s", c)
                    .isEqualTo(meets);
        }
        assertThat(doc.path("rows")).hasSize(2);
        boolean allRows = true;
        for (JsonNode r : doc.path("rows")) {
            Integer smallest = null;
            for (JsonNode c : doc.path("cells")) {
                if (c.path("users").asInt() == r.path("users").asInt() && c.path("meetsTargets").asBoolean()
                        && (smallest == null || c.path("pool").asInt() < smallest)) {
                    smallest = c.path("pool").asInt();
                }
            }
            JsonNode picked = r.path("smallestPassingPool");
            assertThat(picked.isNull() ? null : picked.asInt()).as("row %s", r).isEqualTo(smallest);
            allRows &= smallest != null;
            assertThat(r.path("appendixA").toString()).as("10 and 20 users are in 10-50").isEqualTo("[5,10]");
            assertThat(r.path("littleEstimatePool").asInt()).as("Little's law from the measurements").isPositive();
        }
        assertThat(code).as("exit code; %s", output).isEqualTo(allRows ? 0 : 1);
        assertThat(output).as("the table on the console").contains("smallest pool meeting both")
                .contains("Appendix A");
        String page = Files.readString(dir.resolve("report/pool-sizing.html"));
        assertThat(page).as("the chart, Chart.js inlined").contains("new Chart(").contains("Chart.js v4");
        assertThat(dir.resolve("results/pool-sizing/cells/size-u20-p5.json")).as("a result file per cell").exists();
    }

    /**
     * The smallest outage grid: 10 users on 1 and 2 connections, each cell also with the proxy down for 2 s. The
     * outage must be real (applied and removed in the cell's own result file, at least 2 s apart) and "rides it out"
     * must follow from that run's measured pool timeouts and fallbacks, not from the steady run's.
     */
    @Test
    void theOutageCellsRunARealTwoSecondOutageAndRidingItOutFollowsFromTheirPoolTimeoutsAndFallbacks()
            throws Exception {
        int code = cli.execute("--users", "10", "--pools", "1,2", "--cell-time", "5s", "--fault", "outage");

        String output = cli.output();
        JsonNode doc = JSON.readTree(dir.resolve("results/pool-sizing/pool-sizing.json").toFile());
        assertThat(doc.path("complete").asBoolean()).as("complete; %s", output).isTrue();
        assertThat(doc.path("fault").asText()).isEqualTo("outage");
        assertThat(doc.path("estimateMs").asLong()).as("the printed estimate: 4 cells x (5 s + 4 s) + 10 s")
                .isEqualTo(46_000);
        assertThat(output).contains("estimate: 46 s");
        assertThat(doc.path("elapsedMs").isIntegralNumber()).as("the time taken, beside the estimate").isTrue();
        assertThat(doc.path("elapsedMs").asLong()).isPositive();
        assertThat(doc.path("cells")).as("a cell per pool: the outage run answers its rodeOutOutage").hasSize(2);
        Path cells = dir.resolve("results/pool-sizing/cells");
        Integer smallestRiding = null;
        for (JsonNode c : doc.path("cells")) {
            int pool = c.path("pool").asInt();
            ScenarioResult outage = ResultFiles.readScenario(cells.resolve("size-u10-p" + pool + "-outage.json"));
            assertThat(outage.faults()).as("pool %d: one proxy outage in the outage run", pool).singleElement()
                    .satisfies(f -> {
                        assertThat(f.kind()).isEqualTo("proxy-down");
                        assertThat(f.durationMs()).as("held for the 2 s, measured from the timeline").isNotNull()
                                .isGreaterThanOrEqualTo(2_000);
                    });
            List<FaultEvent> window = outage.timeline().stream().filter(FaultEvent.class::isInstance)
                    .map(FaultEvent.class::cast).toList();
            assertThat(window).as("pool %d: applied, then removed", pool).extracting(FaultEvent::phase)
                    .containsExactly(FaultEvent.Phase.APPLIED, FaultEvent.Phase.REMOVED);
            Instant down = window.get(0).at();
            Instant up = window.get(1).at();
            long felt = outage.timeline().stream().filter(e -> !e.at().isBefore(down) && !e.at().isAfter(up))
                    .filter(e -> e instanceof AttemptEvent a && a.outcome() == Outcome.FAILURE
                            || e instanceof PoolGaugeEvent g && g.waiting() > 0).count();
            assertThat(felt).as("pool %d: while the proxy was down, attempts failed or threads waited for a "
                    + "connection", pool).isPositive();
            long timeouts = outage.summary().poolTimeouts() == null ? 0 : outage.summary().poolTimeouts();
            long fallbacks = outage.summary().fallbacks() == null ? 0 : outage.summary().fallbacks();
            boolean ran = outage.verdict() == Verdict.PASS || outage.verdict() == Verdict.FAIL;
            boolean rodeOut = ran && timeouts == 0 && fallbacks == 0;
            assertThat(c.path("rodeOutOutage").isBoolean()).as("measured for pool %d: %s", pool, c).isTrue();
            assertThat(c.path("rodeOutOutage").asBoolean()).as("pool %d: %d pool timeout(s), %d fallback(s) in %s",
                    pool, timeouts, fallbacks, outage.verdict()).isEqualTo(rodeOut);
            assertThat(output).as("the console says it from the same figures").contains("10 users, pool " + pool
                    + " with a 2 s outage: " + (rodeOut ? "rode it out" : "did not ride it out") + " (" + timeouts
                    + " pool timeout(s), " + fallbacks + " fallback(s)");
            if (rodeOut && smallestRiding == null) {
                smallestRiding = pool;
            }
            ScenarioResult steady = ResultFiles.readScenario(cells.resolve("size-u10-p" + pool + ".json"));
            assertThat(steady.faults()).as("the steady run has no fault").isEmpty();
            assertThat(c.path("p99Ms").asDouble()).as("the cell's figures are the steady run's")
                    .isEqualTo(steady.summary().p99Ms());
        }
        JsonNode row = doc.path("rows").get(0);
        JsonNode riding = row.path("smallestPoolRidingOutage");
        assertThat(riding.isNull() ? null : riding.asInt()).as("the smallest pool that rode it out; %s", row)
                .isEqualTo(smallestRiding);
        assertThat(output).contains("rides out 2 s outage");
        boolean passing = !row.path("smallestPassingPool").isNull();
        assertThat(code).as("exit code; %s", output).isEqualTo(passing ? 0 : 1);

        ReportResult report = ResilienceReport.generate(ReportRequest.builder().results(dir.resolve("results"))
                .out(dir.resolve("report")).build());
        assertThat(Files.readString(report.indexHtml())).as("the main report shows the table and links the page")
                .contains("<canvas id=\"pool-sizing-chart\"").contains("href=\"pool-sizing.html\"")
                .contains("Rides out a 2 s outage");
    }

    @Test
    void aBadListIsAUsageErrorNamingTheOption() {
        assertThat(cli.execute("--users", "10,x")).isEqualTo(2);
        assertThat(cli.err()).contains("--users");
        assertThat(cli.execute("--pools", "0,5")).isEqualTo(2);
        assertThat(cli.err()).contains("--pools: each value must be between 1 and 1000, but was 0");
        assertThat(cli.execute("--pools", "5,5")).isEqualTo(2);
        assertThat(cli.err()).contains("--pools: 5 is listed twice");
        assertThat(dir.resolve("results")).as("nothing left behind").doesNotExist();
    }

    @Test
    void anEstimateOverTheCapRefusesToStart() {
        int code = cli.execute("--cell-time", "10s", "--max-duration", "1m");

        assertThat(code).isEqualTo(2);
        assertThat(cli.out()).as("the estimate is printed").contains("estimate: ");
        assertThat(cli.err()).contains("--max-duration: the estimate").contains("exceeds the cap 60 s");
        assertThat(dir.resolve("results")).as("nothing started, nothing written").doesNotExist();
    }
}
