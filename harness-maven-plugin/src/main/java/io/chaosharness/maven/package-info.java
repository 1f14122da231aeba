/**
 * The harness's Maven plugin: the {@code report} goal ({@link io.chaosharness.maven.ReportMojo}) writes the HTML
 * resilience report of the result files a dependent's chaos tests wrote to {@code target/resilience-results}.
 */
package io.chaosharness.maven;
