package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./harness size}: usage errors, and one real run of a tiny grid on the embedded environment (PostgreSQL and
 * the proxy started by the command) whose table must follow from its own measured cells.
 */
class SizeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int size(String... args) {
        CommandLine cl = HarnessCommand.configure(new CommandLine(new SizeCommand(name -> null)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--seed", "17", "--results", dir.resolve("results").toString(), "--report",
                dir.resolve("report").toString()));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void aTinyGridOnTheEmbeddedEnvironmentWritesATableThatFollowsFromItsCells() throws Exception {
        int code = size("--users", "10,20", "--pools", "2,5", "--cell-time", "3s");

        String output = out + "\n" + err;
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

    @Test
    void aBadListIsAUsageErrorNamingTheOption() {
        assertThat(size("--users", "10,x")).isEqualTo(2);
        assertThat(err.toString()).contains("--users");
        assertThat(size("--pools", "0,5")).isEqualTo(2);
        assertThat(err.toString()).contains("--pools: each value must be between 1 and 1000, but was 0");
        assertThat(size("--pools", "5,5")).isEqualTo(2);
        assertThat(err.toString()).contains("--pools: 5 is listed twice");
        assertThat(dir.resolve("results")).as("nothing left behind").doesNotExist();
    }

    @Test
    void anEstimateOverTheCapRefusesToStart() {
        int code = size("--cell-time", "10s", "--max-duration", "1m");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).as("the estimate is printed").contains("estimate: ");
        assertThat(err.toString()).contains("--max-duration: the estimate").contains("exceeds the cap 60 s");
        assertThat(dir.resolve("results")).as("nothing started, nothing written").doesNotExist();
    }
}
