package io.chaosharness.report;

import static io.chaosharness.report.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResilienceReportTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T16:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private ReportResult generate(ReportRequest.Builder b) throws IOException {
        return ResilienceReport.generate(b.out(tmp.resolve("report")).build(), CLOCK);
    }

    private static io.chaosharness.result.ScenarioResult result(String id, Verdict verdict, String error,
                                                                java.util.Map<String, Object> config) {
        List<io.chaosharness.result.CriterionResult> criteria = verdict == Verdict.SKIPPED ? List.of()
                : List.of(new io.chaosharness.result.CriterionResult("error rate", null, "< 1 %", "0 %", Verdict.PASS,
                0.0, 1.0, null));
        return new io.chaosharness.result.ScenarioResult(io.chaosharness.result.ResultFiles.SCHEMA_VERSION, id, id,
                "what " + id + " does", verdict, 1L, Instant.parse("2026-11-27T15:00:00Z"), 1000L,
                new io.chaosharness.result.EnvironmentInfo("external", "17.6", "embedded", "abc1234", "17"), config,
                List.of(), criteria, List.of(), null, error, List.of());
    }

    @Test
    void skippedScenariosAreCountedListedWithTheirReasonAndDoNotFailTheReport() throws IOException {
        Path results = tmp.resolve("results");
        io.chaosharness.result.ResultFiles.write(result("steady-state", Verdict.PASS, null, java.util.Map.of(
                "seed", 5, "notes", List.of(), "adaptations", List.of("lane main capped at 8 workers (designed for 150)"))),
                results);
        io.chaosharness.result.ResultFiles.write(result("retry-budget-short-pool-timeout", Verdict.PASS, null,
                java.util.Map.of("seed", 5, "notes", List.of("pool_timeout=1: shorter, so attempts fail within 1 s"))),
                results);
        io.chaosharness.result.ResultFiles.write(result("pool-exhaustion", Verdict.SKIPPED,
                "the worker cap of 8 is below the 15 pool-exhaustion needs", java.util.Map.of("seed", 5)), results);

        ReportResult report = generate(ReportRequest.builder().results(results));

        assertThat(report.verdict()).as("a skip is not a failure").isEqualTo(OverallVerdict.PASS);
        String html = Files.readString(report.indexHtml());
        assertThat(html).as("the banner counts skips").contains("2 passed, 1 skipped (3 scenarios)");
        assertThat(html).as("the banner lists the skip with its reason")
                .contains("<code>pool-exhaustion</code>: the worker cap of 8 is below the 15 pool-exhaustion needs");
        assertThat(html).as("the banner shows every departure from the design under test")
                .contains("<code>retry-budget-short-pool-timeout</code>: pool_timeout=1: shorter")
                .contains("<code>steady-state</code>: this run: lane main capped at 8 workers (designed for 150)");
        JsonNode summary = JSON.readTree(report.summaryJson().toFile());
        assertThat(summary.path("counts").path("skipped").asInt()).isEqualTo(1);
        assertThat(summary.path("counts").path("scenarios").asInt()).as("every selected scenario").isEqualTo(3);
        JsonNode skipped = null;
        for (JsonNode n : summary.path("scenarios")) {
            if (n.path("scenario").asText().equals("pool-exhaustion")) {
                skipped = n;
            }
        }
        assertThat(skipped).as("the skipped scenario is in summary.json").isNotNull();
        assertThat(skipped.path("verdict").asText()).isEqualTo("skipped");
        assertThat(skipped.path("skipReason").asText()).contains("worker cap of 8");
    }

    /** The recovery table tells a by-start figure that could not be measured from one never reached. */
    @Test
    void aByStartFigureThatCouldNotBeMeasuredIsShownSoNotAsNotReached() throws IOException {
        Path results = tmp.resolve("results");
        io.chaosharness.result.ScenarioResult r = result("retry-budget", Verdict.FAIL, null, java.util.Map.of("seed", 5));
        io.chaosharness.result.ResultFiles.write(new io.chaosharness.result.ScenarioResult(r.schemaVersion(),
                r.scenario(), r.title(), r.description(), r.verdict(), r.seed(), r.startedAt(), r.durationMs(),
                r.environment(), r.config(), r.faults(), r.criteria(), List.of(
                        new io.chaosharness.result.Recovery("f1", 20L, 1100L, null, null, 1000L),
                        new io.chaosharness.result.Recovery("f2", 30L, 900L, null, null, 5000L),
                        new io.chaosharness.result.Recovery("f3", 25L, 800L, 10L, null, null)),
                r.summary(), r.error(), r.timeline()), results);

        String html = Files.readString(generate(ReportRequest.builder().results(results)).indexHtml());

        assertThat(html).contains("not measurable: the next fault window came 1000 ms later")
                .contains("not reached before the next fault window (5000 ms later)")
                .doesNotContain("not reached before the next fault window (1000 ms later)");
    }

    @Test
    void aRunWhereEveryScenarioWasSkippedIsIncompleteNotAPass() throws IOException {
        Path results = tmp.resolve("results");
        io.chaosharness.result.ResultFiles.write(result("long-outage", Verdict.SKIPPED, "read-only run: no logins",
                java.util.Map.of()), results);

        ReportResult report = generate(ReportRequest.builder().results(results));

        assertThat(report.verdict()).isEqualTo(OverallVerdict.INCOMPLETE);
        assertThat(Files.readString(report.indexHtml())).contains("0 passed, 1 skipped (1 scenario)");
    }

    @Test
    void aFailingScenarioMakesTheWholeReportFailAndShowsInTheBanner() throws IOException {
        ReportResult result = generate(ReportRequest.builder().results(fixture("results")).gatling(fixture("gatling")));

        assertThat(result.verdict()).isEqualTo(OverallVerdict.FAIL);
        assertThat(result.scenarios()).extracting(ReportResult.ScenarioLine::scenario)
                .containsExactly("baseline", "brief-outage", "database-restart", "latency-250ms", "pool-exhaustion");
        assertThat(result.scenarios()).filteredOn(s -> s.verdict() == Verdict.FAIL)
                .extracting(ReportResult.ScenarioLine::scenario).containsExactly("latency-250ms", "pool-exhaustion");
        assertThat(result.brokenFiles()).isEmpty();

        String html = Files.readString(result.indexHtml());
        assertThat(html).as("the banner carries the verdict").containsPattern(
                "<header id=\"verdict\" class=\"banner banner-fail\"[^>]*>[\\s\\S]*?<h1 class=\"verdict-word\">.*FAIL</h1>");
        assertThat(html).as("headline counts").contains("3 passed, 2 failed (5 scenarios)");
    }

    @Test
    void aNotMeasuredCriterionFailsTheScenarioAndRefusedFallbacksAndWaitingThreadsAreShownForWhatTheyAre()
            throws IOException {
        Path results = tmp.resolve("results");
        Path file = Fixtures.syntheticScenario(results, "long-outage", "Long outage", 40, 4, 7);
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(file.toFile());
        root.put("verdict", "fail");
        com.fasterxml.jackson.databind.node.ObjectNode c =
                ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("criteria")).addObject();
        c.put("name", "calls refused by the open breaker fail fast");
        c.put("target", "p99 < 100 ms");
        c.put("measured", "no data: no call was refused by an open breaker");
        c.put("verdict", "not-measured");
        com.fasterxml.jackson.databind.node.ArrayNode timeline =
                (com.fasterxml.jackson.databind.node.ArrayNode) root.get("timeline");
        for (int i = 0; i < 4; i++) {
            timeline.addObject().put("type", "fallback").put("at", Fixtures.START.plusMillis(1500 + i).toString())
                    .put("principal", "u***@example.com").put("granted", false).put("reason", "database unavailable");
        }
        // the outage: no connection left in use, 20 threads waiting for one
        timeline.addObject().put("type", "pool-gauge").put("at", Fixtures.START.plusMillis(1700).toString())
                .put("pool", "p").put("total", 0).put("active", 0).put("idle", 0).put("waiting", 20).put("max", 15);
        JSON.writeValue(file.toFile(), root);

        ReportResult result = generate(ReportRequest.builder().results(results));

        assertThat(result.brokenFiles()).isEmpty();
        assertThat(result.verdict()).isEqualTo(OverallVerdict.FAIL);
        String html = Files.readString(result.indexHtml());
        assertThat(html).contains("! not measured").contains("cell cell-not-measured");
        assertThat(html).containsPattern("Emergency-admin fallbacks \\(granted\\)</dt>\\s*<dd[^>]*>0<")
                .containsPattern("Break-glass attempts refused</dt>\\s*<dd[^>]*>4<")
                .doesNotContainPattern("Max pool utilisation[^<]*</dt>\\s*<dd[^>]*>0[.,]0 %");
        assertThat(html).containsPattern("Max pool utilisation[^<]*</dt>\\s*<dd[^>]*>133[.,]3 % \\(20 waiting at most\\)");
        com.fasterxml.jackson.databind.JsonNode summary = JSON.readTree(result.summaryJson().toFile());
        assertThat(summary.path("scenarios").get(0).path("criteria").get(1).path("verdict").asText())
                .isEqualTo("not-measured");
    }

    @Test
    void theBannerShowsTheOneRunSeedNotEachScenariosDerivedSeed() throws IOException {
        Path results = tmp.resolve("results");
        for (String[] s : new String[][] {{"alpha", "1111"}, {"beta", "2222"}, {"gamma", "3333"}}) {
            Path file = Fixtures.syntheticScenario(results, s[0], s[0], 20, 4, Long.parseLong(s[1]));
            com.fasterxml.jackson.databind.node.ObjectNode root =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(file.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("config")).put("seed", 20261201L);
            JSON.writeValue(file.toFile(), root);
        }
        String html = Files.readString(generate(ReportRequest.builder().results(results)).indexHtml());
        String facts = between(html, "<dl class=\"facts\">", "</dl>");

        assertThat(facts).as("one run seed in the banner")
                .contains("<dt>Run seed</dt><dd>20261201</dd>").doesNotContain("Run seeds");
        assertThat(facts).as("the scenarios' derived seeds stay out of the banner")
                .doesNotContain("1111").doesNotContain("2222").doesNotContain("3333");
    }

    @Test
    void theCriteriaMatrixHasOneRowPerScenarioAndOneColumnPerSeedCriterion() throws IOException {
        ReportResult result = generate(ReportRequest.builder().results(fixture("results")));
        String html = Files.readString(result.indexHtml());
        String matrix = between(html, "<table class=\"matrix\">", "</table>");

        for (String column : List.of("Pool utilisation", "Availability-check failures (after retries)",
                "Emergency-admin fallbacks", "Query latency", "Health endpoint latency", "Retry success", "Errors")) {
            assertThat(matrix).as("column " + column).contains(">" + column + "<span class=\"target\">");
        }
        assertThat(count(matrix, "<tr><th scope=\"row\">")).as("one row per scenario").isEqualTo(5);
        String poolRow = between(matrix, ">Pool exhaustion</a>", "</tr>");
        assertThat(poolRow).as("pool exhaustion: utilisation and fallbacks fail, query latency passes")
                .contains("cell cell-fail\" title=\"pool utilisation: 100 %")
                .contains("✗ 100 %")
                .contains("✗ 4")
                .contains("cell-pass\" title=\"query latency p99 outside fault windows");
        String baselineRow = between(matrix, ">Baseline</a>", "</tr>");
        assertThat(count(baselineRow, "cell-pass")).as("baseline meets all seven").isEqualTo(7);
        assertThat(matrix).contains(">Other criteria<span class=\"target\">");
        String briefRow = between(matrix, ">Brief outage</a>", "</tr>");
        assertThat(count(briefRow, "cell-none")).as("brief outage measured neither two seed criteria nor others")
                .isEqualTo(3);
        String latencyRow = between(matrix, ">Latency 250 ms</a>", "</tr>");
        assertThat(latencyRow).as("a failed scenario-specific criterion shows in the matrix")
                .contains("title=\"query latency p99 during the fault: 508.6 ms (target &lt; 100 ms) fail\"")
                .contains("✗ </span>".replace("✗ </span>", "<span class=\"sr\">fail: </span>✗ 1 of 1 failed"));
    }

    @Test
    void thePageFetchesNothing() throws IOException {
        ReportResult result = generate(ReportRequest.builder().results(fixture("results")).gatling(fixture("gatling"))
                .history(fixture("history")));
        String html = Files.readString(result.indexHtml());

        assertThat(html).as("no remote src or href").doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//");
        assertThat(html).as("no script or stylesheet by reference").doesNotContainPattern("(?i)<script[^>]+src=")
                .doesNotContainPattern("(?i)<link[^>]+stylesheet");
        assertThat(between(html, "<style>", "</style>")).as("styles load no fonts or images")
                .doesNotContainPattern("(?i)@import|@font-face|url\\(");
        assertThat(html).as("Chart.js is inlined, without its source-map reference")
                .contains("Chart.js v4.4.1").doesNotContain("sourceMappingURL");
        assertThat(html).as("no fetch or XHR anywhere in the inlined scripts")
                .doesNotContain("fetch(").doesNotContain("XMLHttpRequest").doesNotContain("importScripts");
        assertThat(html).as("a content security policy forbids any connection")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html).as("the Gatling link is relative to the output folder")
                .contains("href=\"../../test-classes/fixtures/gatling/steadystate-20261127154000123/index.html\"".replace(
                        "../../test-classes/fixtures/gatling/", relativeGatling(result)));
    }

    private String relativeGatling(ReportResult result) {
        Path rel = result.indexHtml().getParent().relativize(fixture("gatling").toAbsolutePath());
        return rel.toString().replace('\\', '/') + "/";
    }

    @Test
    void theDataBlockCannotBeClosedByHostileText() throws IOException {
        Path results = tmp.resolve("results");
        Fixtures.syntheticScenario(results, "hostile", "</script><script>alert('x')</script><!--", 200, 10, 7);
        ReportResult result = generate(ReportRequest.builder().results(results));
        String html = Files.readString(result.indexHtml());

        assertThat(count(html, "</script>")).as("only the three script elements close").isEqualTo(3);
        assertThat(html).as("the title is HTML-escaped in the page")
                .contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        String data = between(html, "<script type=\"application/json\" id=\"report-data\">", "</script>");
        JsonNode parsed = JSON.readTree(data);
        assertThat(parsed.at("/scenarios/0/title").asText()).as("and round-trips through JSON.parse unchanged")
                .isEqualTo("</script><script>alert('x')</script><!--");
    }

    @Test
    void passwordsAreMaskedEvenWhenAResultFileLeaksOne() throws IOException {
        Path results = tmp.resolve("results");
        Files.createDirectories(results);
        String leaky = Files.readString(fixture("results").resolve("baseline.json"))
                .replace("harness:****@", "harness:Tr0ub4dor-3@")
                .replace("\"max_retries\":3", "\"max_retries\":3,\"admin_password\":\"hunter2\",\"jdbc\":\"jdbc:postgresql://h/db?user=u&password=s3cr3t-Pa55\"");
        assertThat(leaky).contains("Tr0ub4dor-3").contains("hunter2").contains("s3cr3t-Pa55");
        Files.writeString(results.resolve("baseline.json"), leaky);

        ReportResult result = generate(ReportRequest.builder().results(results));
        for (Path out : List.of(result.indexHtml(), result.summaryJson())) {
            assertThat(Files.readString(out)).as(out.getFileName().toString())
                    .doesNotContain("Tr0ub4dor-3").doesNotContain("hunter2").doesNotContain("s3cr3t-Pa55");
        }
        assertThat(Files.readString(result.indexHtml())).contains("postgresql://harness:****@127.0.0.1:41234/harness");
    }

    @Test
    void brokenFilesAreListedByNameAndTheRestIsStillReported() throws IOException {
        ReportResult result = generate(ReportRequest.builder().results(fixture("broken")));

        assertThat(result.brokenFiles()).extracting(b -> b.file().getFileName().toString())
                .containsExactly("empty.json", "future-version.json", "no-verdict.json", "not-json.json", "truncated.json");
        assertThat(result.scenarios()).extracting(ReportResult.ScenarioLine::scenario).containsExactly("still-fine");
        assertThat(result.verdict()).as("a broken file means the run cannot claim a pass").isEqualTo(OverallVerdict.INCOMPLETE);

        String html = Files.readString(result.indexHtml());
        assertThat(html).contains("Files that could not be read (5)")
                .contains("<code>future-version.json</code> — schemaVersion 2 is not supported (this reader supports 1)")
                .contains("<code>truncated.json</code> — not valid JSON (line 1, column");
        JsonNode summary = JSON.readTree(result.summaryJson().toFile());
        assertThat(summary.at("/brokenFiles/1/file").asText()).isEqualTo("future-version.json");
        assertThat(summary.at("/verdict").asText()).isEqualTo("incomplete");
    }

    @Test
    void missingFoldersGiveAnEmptyReportThatSaysNoResultsFound() throws IOException {
        ReportResult result = generate(ReportRequest.builder().results(tmp.resolve("nope"))
                .gatling(tmp.resolve("nope-either")));

        assertThat(result.verdict()).isEqualTo(OverallVerdict.NO_RESULTS);
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("nope").contains("does not exist"));
        String html = Files.readString(result.indexHtml());
        assertThat(html).contains("NO RESULTS").contains("<h2>No results found</h2>").contains("nope-either");
        assertThat(JSON.readTree(result.summaryJson().toFile()).at("/verdict").asText()).isEqualTo("no-results");
    }

    @Test
    void summaryJsonCarriesVerdictsCriteriaAndSimulations() throws IOException {
        ReportResult result = generate(ReportRequest.builder().results(fixture("results")).gatling(fixture("gatling")));
        JsonNode s = JSON.readTree(result.summaryJson().toFile());

        assertThat(s.at("/kind").asText()).isEqualTo("resilience-report-summary");
        assertThat(s.at("/generatedAt").asText()).isEqualTo("2026-11-27T16:00:00Z");
        assertThat(s.at("/verdict").asText()).isEqualTo("fail");
        assertThat(s.at("/counts/pass").asInt()).isEqualTo(3);
        assertThat(s.at("/scenarios/4/scenario").asText()).isEqualTo("pool-exhaustion");
        assertThat(s.at("/scenarios/4/criteria/1/seedCriterion").asText()).isEqualTo("emergency-admin-fallbacks");
        assertThat(s.at("/scenarios/4/criteria/1/verdict").asText()).isEqualTo("fail");
        assertThat(s.at("/simulations/0/simulation").asText()).isEqualTo("OutageUnderLoad");
        assertThat(s.at("/simulations/0/verdict").asText()).isEqualTo("fail");
        assertThat(s.toString()).as("no absolute paths in the summary").doesNotContain(tmp.toString())
                .doesNotContain(fixture("results").toString());
    }

    @Test
    void historyShowsEarlierRunsOldestFirstThenThisRun() throws IOException {
        ReportResult result = generate(ReportRequest.builder().results(fixture("results")).history(fixture("history")));
        String html = Files.readString(result.indexHtml());
        String trend = between(html, "<section class=\"card\" id=\"trend\">", "</section>");

        assertThat(trend).containsSubsequence("2026-11-20-nightly", "2026-11-24-nightly", "2026-11-26-results", "this run");
        assertThat(trend).as("per-scenario verdicts across runs")
                .containsPattern("<th scope=\"row\">database-restart</th><td class=\"cell cell-fail\">✗ fail</td>"
                        + "<td class=\"cell cell-fail\">✗ fail</td><td class=\"cell cell-none\">–</td><td class=\"cell cell-pass\">");
        assertThat(result.notes()).as("history problems are notes, not broken files").isEmpty();
        assertThat(result.brokenFiles()).isEmpty();
    }

    @Test
    void aSummaryWrittenByOneRunIsHistoryForTheNext() throws IOException {
        ReportResult first = generate(ReportRequest.builder().results(fixture("results")));
        Path history = tmp.resolve("history");
        Files.createDirectories(history.resolve("run-1"));
        Files.copy(first.summaryJson(), history.resolve("run-1").resolve("summary.json"));

        ReportResult second = ResilienceReport.generate(ReportRequest.builder().results(fixture("results"))
                .history(history).out(tmp.resolve("second")).build(), CLOCK);
        String trend = between(Files.readString(second.indexHtml()), "id=\"trend\">", "</section>");
        assertThat(trend).contains("<th scope=\"row\">run-1</th>").contains("3 / 5");
    }

    @Test
    void fifteenScenariosOfAHundredThousandEventsStayUnderTwoMegabytes() throws IOException {
        Path results = tmp.resolve("large");
        for (int i = 0; i < 15; i++) {
            Fixtures.syntheticScenario(results, String.format("large-%02d", i), "Large " + i, 100_000, 900, i);
        }
        ReportResult result = generate(ReportRequest.builder().results(results));

        assertThat(result.scenarios()).hasSize(15);
        long size = Files.size(result.indexHtml());
        assertThat(size).as("index.html bytes").isLessThan(2_000_000L);
        assertThat(Files.size(results.resolve("large-00.json"))).as("each input is large").isGreaterThan(10_000_000L);
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertThat(a).as("'" + from + "' is present").isGreaterThanOrEqualTo(0);
        int b = s.indexOf(to, a + from.length());
        assertThat(b).as("'" + to + "' follows '" + from + "'").isGreaterThan(a);
        return s.substring(a + from.length(), b);
    }

    private static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
