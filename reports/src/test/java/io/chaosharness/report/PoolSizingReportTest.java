package io.chaosharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.EnvironmentInfo;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main report and {@code ./harness size}'s table: shown with its chart and a link to the sizing page when the
 * sizing result is beside the results, absent when it is not, and never part of the verdict.
 */
class PoolSizingReportTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T03:00:00Z"), ZoneOffset.UTC);

    /** As {@code ./harness size} writes it (docs/result-schema.md, "Pool sizing"), two rows, with the outage. */
    private static final String SIZING = """
            {"schema": "chaos-harness/pool-sizing/1", "startedAt": "2026-12-02T00:05:10Z",
             "writtenAt": "2026-12-02T00:11:40Z", "complete": true, "environment": "embedded", "seed": 42,
             "design": "seed", "users": [10, 50], "pools": [5, 10], "thinkMs": 500, "cellTimeMs": 10000,
             "fault": "outage", "cells": [],
             "rows": [{"users": 10, "band": "10-50", "utilisationTarget": 0.2, "appendixA": [5, 10],
                       "poolsMeasured": [5, 10], "smallestPassingPool": 5, "littleBusyConnections": 0.06,
                       "littleEstimatePool": 1, "smallestPoolRidingOutage": 10},
                      {"users": 50, "band": "10-50", "utilisationTarget": 0.2, "appendixA": [5, 10],
                       "poolsMeasured": [5, 10], "smallestPassingPool": null, "littleBusyConnections": 0.15,
                       "littleEstimatePool": 1, "smallestPoolRidingOutage": null}]}
            """;

    @TempDir
    Path tmp;

    private Path results() throws IOException {
        Path results = tmp.resolve("results");
        ResultFiles.write(new ScenarioResult(ResultFiles.SCHEMA_VERSION, "steady-state", "steady-state", "steady",
                Verdict.PASS, 1L, Instant.parse("2026-12-02T02:00:00Z"), 1000L,
                new EnvironmentInfo("embedded", "17.6", "embedded", "abc1234", "17"), Map.of("seed", 1), List.of(),
                List.of(new CriterionResult("error rate", null, "< 1 %", "0 %", Verdict.PASS, 0.0, 1.0, null)),
                List.of(), null, null, List.of()), results);
        return results;
    }

    private ReportResult generate(Path results) throws IOException {
        return ResilienceReport.generate(ReportRequest.builder().results(results).out(tmp.resolve("report")).build(),
                CLOCK);
    }

    private void sizingResult(Path results, String json) throws IOException {
        Files.createDirectories(results.resolve("pool-sizing"));
        Files.writeString(results.resolve("pool-sizing/pool-sizing.json"), json);
    }

    private void sizingPage() throws IOException {
        Files.createDirectories(tmp.resolve("report"));
        Files.writeString(tmp.resolve("report/pool-sizing.html"), "<!doctype html><title>Pool sizing</title>");
    }

    @Test
    void aSizingResultBesideTheResultsIsShownWithItsChartAndLinksTheSizingPage() throws IOException {
        Path results = results();
        sizingResult(results, SIZING);
        sizingPage();

        ReportResult report = generate(results);

        assertThat(report.verdict()).as("the sizing table is not part of the verdict").isEqualTo(OverallVerdict.PASS);
        String html = Files.readString(report.indexHtml());
        assertThat(html).as("the section, in the table of contents")
                .contains("<section class=\"card\" id=\"pool-sizing\">").contains("<a href=\"#pool-sizing\">");
        assertThat(html).as("the link to the sizing page").contains("<a href=\"pool-sizing.html\" id=\"pool-sizing-page\">");
        assertThat(html).as("the chart").contains("<canvas id=\"pool-sizing-chart\"");
        assertThat(html).as("the rows as ./harness size says them")
                .contains("<td class=\"num\">≤ 5 (smallest tried)</td>").contains("<td class=\"num\">none of 5,10</td>")
                .contains("<td class=\"num\">5–10 (10-50)</td>").contains("<td class=\"num\">1 (0.06 busy)</td>")
                .contains("<th scope=\"col\">Rides out a 2 s outage</th>").contains("<td class=\"num\">10</td>");
        assertThat(html).as("the chart's data").contains("\"poolSizing\":{").contains("\"smallestPassingPool\":5")
                .contains("\"smallestPoolRidingOutage\":10").contains("\"appendixMax\":10");
        assertThat(html).as("where it came from").contains("Environment embedded, design seed, 10.0 s per cell, seed 42");
    }

    @Test
    void withoutASizingResultOrPageTheReportHasNoSizingSectionChartOrLink() throws IOException {
        ReportResult report = generate(results());

        String html = Files.readString(report.indexHtml());
        assertThat(html).doesNotContain("id=\"pool-sizing\"").doesNotContain("<canvas id=\"pool-sizing-chart\"")
                .doesNotContain("href=\"pool-sizing.html\"").doesNotContain("\"poolSizing\"");
        assertThat(report.verdict()).isEqualTo(OverallVerdict.PASS);
    }

    @Test
    void thePageAloneIsLinkedWithoutAChartAndAPartialTableSaysSo() throws IOException {
        Path results = results();
        sizingPage();

        String pageOnly = Files.readString(generate(results).indexHtml());
        assertThat(pageOnly).contains("href=\"pool-sizing.html\"").doesNotContain("<canvas id=\"pool-sizing-chart\"")
                .contains("was not in the results read here");

        sizingResult(results, SIZING.replace("\"complete\": true", "\"complete\": false, \"ended\": \"aborted (Ctrl-C or SIGTERM)\""));
        assertThat(Files.readString(generate(results).indexHtml())).as("a partial table is marked")
                .contains("Partial table: aborted (Ctrl-C or SIGTERM)").contains("<canvas id=\"pool-sizing-chart\"");
    }

    @Test
    void anUnreadableSizingResultIsANoteNamingTheFileAndTheReportGoesOn() throws IOException {
        Path results = results();
        sizingResult(results, SIZING.replace("chaos-harness/pool-sizing/1", "chaos-harness/pool-sizing/9"));

        ReportResult report = generate(results);

        assertThat(report.verdict()).as("not a scenario result: the verdict stands").isEqualTo(OverallVerdict.PASS);
        assertThat(report.brokenFiles()).isEmpty();
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("pool-sizing.json")
                .contains("schema must be 'chaos-harness/pool-sizing/1', but was 'chaos-harness/pool-sizing/9'"));
        assertThat(Files.readString(report.indexHtml())).doesNotContain("<canvas id=\"pool-sizing-chart\"")
                .doesNotContain("\"poolSizing\"");
    }
}
