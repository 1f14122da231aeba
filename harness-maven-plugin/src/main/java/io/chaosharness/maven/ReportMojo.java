package io.chaosharness.maven;

import io.chaosharness.report.BrokenFile;
import io.chaosharness.report.OverallVerdict;
import io.chaosharness.report.ReportRequest;
import io.chaosharness.report.ReportResult;
import io.chaosharness.report.ResilienceReport;
import io.chaosharness.result.Verdict;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the HTML resilience report ({@code index.html}, {@code summary.json}) of the scenario result files a build's
 * chaos tests wrote, with the same reader and page as {@code ./harness report}.
 *
 * <p>Bound to {@code post-integration-test}: after Failsafe has run the chaos tests (its {@code integration-test}
 * goal records failures without stopping the build) and before its {@code verify} goal fails the build on them, so a
 * failing verdict still gets its report. Tests run by Surefire are earlier still.
 *
 * <p>A result file that cannot be read fails the build, naming the file and the field or position (the report is
 * written first and lists it too): a corrupt result is lost evidence, not a detail. The verdict fails the build only
 * with {@code failOnVerdict}.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class ReportMojo extends AbstractMojo {

    /** The folder of scenario result files ({@code *.json}) the chaos tests wrote. */
    @Parameter(property = "chaosharness.results", defaultValue = "${project.build.directory}/resilience-results")
    File resultsDirectory;

    /** Where {@code index.html} and {@code summary.json} go; created if missing. */
    @Parameter(property = "chaosharness.report", defaultValue = "${project.build.directory}/resilience-report")
    File outputDirectory;

    /** A folder of Gatling key-figure files to add to the report, if any. */
    @Parameter(property = "chaosharness.gatling")
    File gatlingDirectory;

    /** Fail the build unless the report's verdict is PASS (FAIL, INCOMPLETE and NO RESULTS all fail it). */
    @Parameter(property = "chaosharness.failOnVerdict", defaultValue = "false")
    boolean failOnVerdict;

    /** Skip the report. */
    @Parameter(property = "chaosharness.report.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("chaos-harness report: skipped (chaosharness.report.skip)");
            return;
        }
        Path results = required(resultsDirectory, "resultsDirectory").toPath();
        Path out = required(outputDirectory, "outputDirectory").toPath();
        if (Files.exists(results) && !Files.isDirectory(results)) {
            throw new MojoFailureException("resultsDirectory must be a folder of result files, but " + results
                    + " is a file");
        }
        if (!Files.exists(results)) {
            getLog().warn("chaos-harness report: resultsDirectory " + results + " does not exist: no chaos test"
                    + " wrote results in this build (the report says \"No results found\")");
        }
        ReportRequest.Builder request = ReportRequest.builder().results(results).out(out);
        for (Path system : systemFolders(results)) {
            request.results(system);
        }
        if (gatlingDirectory != null) {
            request.gatling(gatlingDirectory.toPath());
        }
        ReportResult report;
        try {
            report = ResilienceReport.generate(request.build());
        } catch (IOException e) {
            throw new MojoExecutionException("outputDirectory: the report cannot be written to " + out + ": " + e, e);
        }
        getLog().info("chaos-harness report: " + banner(report) + " - " + report.indexHtml());

        if (!report.brokenFiles().isEmpty()) {
            throw new MojoFailureException(report.brokenFiles().size() + " result file(s) in " + results
                    + " cannot be read (the report lists them too):\n" + report.brokenFiles().stream()
                    .map(ReportMojo::describe).collect(Collectors.joining("\n")));
        }
        if (failOnVerdict && report.verdict() != OverallVerdict.PASS) {
            String failed = report.scenarios().stream().filter(s -> s.verdict() != Verdict.PASS
                            && s.verdict() != Verdict.SKIPPED)
                    .map(s -> label(results, s.file()) + s.scenario() + " " + s.verdict().json())
                    .collect(Collectors.joining(", "));
            throw new MojoFailureException("resilience report verdict is " + report.verdict().id()
                    + (failed.isEmpty() ? "" : " (" + failed + ")") + " and failOnVerdict is set; see "
                    + report.indexHtml());
        }
    }

    /**
     * The subfolders of {@code results} that hold result files: a module that runs one scenario against two systems
     * gives each its own folder ({@code <system>/<scenario>.json}, as {@code examples/flaky-webapp} does), beside any
     * files written straight into it.
     */
    static List<Path> systemFolders(Path results) throws MojoExecutionException {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(results)) {
            List<Path> out = new ArrayList<>();
            for (Path dir : entries.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".json"))) {
                        out.add(dir);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new MojoExecutionException("resultsDirectory " + results + " cannot be listed: " + e, e);
        }
    }

    /** "shop/" for a result in a system's folder, "" for one straight in the results folder. */
    private static String label(Path results, Path file) {
        Path parent = file == null ? null : file.toAbsolutePath().getParent();
        return parent == null || parent.equals(results.toAbsolutePath()) ? "" : parent.getFileName() + "/";
    }

    private static File required(File value, String name) throws MojoExecutionException {
        if (value == null) {
            throw new MojoExecutionException(name + " must name a folder, but was missing");
        }
        return value;
    }

    /** "PASS: 3 scenarios (2 pass, 1 skipped)". */
    private static String banner(ReportResult report) {
        String counts = report.scenarios().stream()
                .collect(Collectors.groupingBy(s -> s.verdict().json(), java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return report.verdict().id().toUpperCase(java.util.Locale.ROOT) + ": " + report.scenarios().size()
                + " scenario(s)" + (counts.isEmpty() ? "" : " (" + counts + ")");
    }

    /** The file's full path, then the reader's reason (which starts with the file's name; not repeated). */
    private static String describe(BrokenFile broken) {
        String prefix = broken.file().getFileName() + ": ";
        String reason = broken.message().startsWith(prefix) ? broken.message().substring(prefix.length())
                : broken.message();
        return "  " + broken.file().toAbsolutePath() + ": " + reason;
    }
}
