/**
 * Self-contained HTML resilience reports. {@link io.chaosharness.report.ResilienceReport#generate(ReportRequest)}
 * reads scenario result files and Gatling key-figure files (the JSON documented in {@code docs/result-schema.md}),
 * and writes {@code index.html} (one offline file: styles, Chart.js, scripts and data inline) and
 * {@code summary.json}. {@link io.chaosharness.report.ReportMain} is the command-line entry point.
 * Parsing, aggregation and rendering live in {@code internal}.
 */
package io.chaosharness.report;
