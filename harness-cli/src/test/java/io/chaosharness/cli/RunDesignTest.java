package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runs on the embedded environment (PostgreSQL and the proxy started by the run): the design given on the
 * command line is the one judged and recorded, and {@code --compare} reports both designs' verdicts side by side.
 */
class RunDesignTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final InProcessCli cli = InProcessCli.of(RunCommand::new,
            () -> InProcessCli.folders(dir, "--env", "embedded", "--seed", "13"));

    @Test
    void theCatalogueJudgesTheDesignFromTheFlagsAndRecordsIt() throws Exception {
        int code = cli.execute("--scenarios", "brief-outage,pool-exhaustion", "--pool",
                "connection_limit=5&pool_timeout=2");

        String output = cli.output();
        JsonNode brief = JSON.readTree(dir.resolve("results/brief-outage.json").toFile());
        JsonNode exhaustion = JSON.readTree(dir.resolve("results/pool-exhaustion.json").toFile());
        for (JsonNode r : List.of(brief, exhaustion)) {
            JsonNode config = r.path("config");
            assertThat(config.path("design").asText()).as("design name; %s", output).isEqualTo("custom");
            assertThat(config.path("connection_limit").asInt()).as("the pool's effective size").isEqualTo(5);
            assertThat(config.path("pool_timeout_s").asDouble()).as("the pool's effective wait").isEqualTo(2.0);
            assertThat(config.path("design_settings").path("pool_timeout").asText()).isEqualTo("2");
            assertThat(config.path("design_settings").path("retry.max_retries").asText()).isEqualTo("3");
        }
        long slowQueries = StreamSupport.stream(exhaustion.path("timeline").spliterator(), false)
                .filter(e -> e.path("type").asText().equals("operation")
                        && e.path("operation").asText().equals("slow-query")).count();
        assertThat(slowQueries).as("one slow query per connection of the design's pool").isEqualTo(5);
        assertThat(exhaustion.path("criteria").findValuesAsText("target"))
                .as("waits bounded by the design's pool_timeout + 1 s").contains(
                        "≥ 1 classified POOL_EXHAUSTED, each wait ≤ 3000 ms");
        boolean allPassed = brief.path("verdict").asText().equals("pass")
                && exhaustion.path("verdict").asText().equals("pass");
        assertThat(code).as("exit code follows the verdicts; %s", output).isEqualTo(allPassed ? 0 : 1);
        assertThat(cli.out()).contains("design 'custom': the seed plan's settings with connection_limit=5, "
                + "pool_timeout=2");
    }

    @Test
    void aComparisonReportsBothDesignsVerdictsSideBySide() throws Exception {
        Path small = dir.resolve("small.design");
        Files.writeString(small, "name = small\nconnection_limit = 5\npool_timeout = 2\n");

        int code = cli.execute("--scenarios", "brief-outage", "--compare", "seed", small.toString());

        String output = cli.output();
        JsonNode seedResult = JSON.readTree(dir.resolve("results/seed/brief-outage.json").toFile());
        JsonNode smallResult = JSON.readTree(dir.resolve("results/small/brief-outage.json").toFile());
        assertThat(seedResult.path("config").path("design").asText()).as(output).isEqualTo("seed");
        assertThat(smallResult.path("config").path("design").asText()).isEqualTo("small");
        assertThat(smallResult.path("config").path("connection_limit").asInt()).isEqualTo(5);

        String html = Files.readString(dir.resolve("report/index.html"));
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"comparison-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("the comparison's data in the page").isTrue();
        JsonNode c = JSON.readTree(m.group(1));
        assertThat(c.path("a").path("name").asText()).isEqualTo("seed");
        assertThat(c.path("b").path("name").asText()).isEqualTo("small");
        JsonNode s = c.path("scenarios").get(0);
        assertThat(s.path("scenario").asText()).isEqualTo("brief-outage");
        assertThat(s.path("verdictA").asText()).as("A's verdict, as its result file says")
                .isEqualTo(seedResult.path("verdict").asText());
        assertThat(s.path("verdictB").asText()).as("B's verdict, as its result file says")
                .isEqualTo(smallResult.path("verdict").asText());
        for (JsonNode k : s.path("criteria")) {
            String name = k.path("name").asText();
            assertThat(k.path("verdictA").asText()).as("A: " + name).isEqualTo(verdictOf(seedResult, name));
            assertThat(k.path("verdictB").asText()).as("B: " + name).isEqualTo(verdictOf(smallResult, name));
        }
        assertThat(s.path("criteria").size()).as("every criterion").isEqualTo(seedResult.path("criteria").size());
        assertThat(s.path("conclusion").asText()).isNotBlank();
        assertThat(html).as("the side-by-side table").contains("<tr data-scenario=\"brief-outage\">");
        assertThat(dir.resolve("report/seed/index.html")).as("A's own report").exists();
        assertThat(dir.resolve("report/small/index.html")).as("B's own report").exists();
        boolean holdsUp = c.path("regressions").isEmpty() && c.path("incomplete").isEmpty();
        assertThat(code).as("exit code: 0 only when B meets every criterion A meets; %s", output)
                .isEqualTo(holdsUp ? 0 : 1);
    }

    private static String verdictOf(JsonNode result, String criterion) {
        for (JsonNode k : result.path("criteria")) {
            if (k.path("name").asText().equals(criterion)) {
                return k.path("verdict").asText();
            }
        }
        return "missing";
    }
}
