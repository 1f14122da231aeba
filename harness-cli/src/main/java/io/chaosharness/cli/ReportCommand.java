package io.chaosharness.cli;

import io.chaosharness.report.BrokenFile;
import io.chaosharness.report.ReportRequest;
import io.chaosharness.report.ReportResult;
import io.chaosharness.report.ResilienceReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./harness report}: the HTML resilience report for any results (e.g. downloaded CI artifacts), through the
 * reports module's {@link ResilienceReport} API. Exit 0 once the report is written, whatever its verdict; 2 on a
 * usage error or when the output cannot be written.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Writes the HTML resilience report (index.html, summary.json) for existing result files.",
                "Exits 0 once written, whatever the verdict; 2 on a usage error."})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--results", paramLabel = "DIR", required = true,
            description = "Folder of scenario result files (*.json); repeat for more folders.")
    List<Path> results;

    @Option(names = "--gatling", paramLabel = "DIR", description = "Folder of Gatling key-figure files.")
    Path gatling;

    @Option(names = "--history", paramLabel = "DIR",
            description = "Folder of earlier runs (summary.json files or results folders) for the trend.")
    Path history;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where index.html and summary.json go.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), "harness report: ");
        ReportRequest request;
        try {
            ReportRequest.Builder b = ReportRequest.builder().out(out);
            results.forEach(b::results);
            if (gatling != null) {
                b.gatling(gatling);
            }
            if (history != null) {
                b.history(history);
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            console.error(e.getMessage());
            return HarnessCommand.EXIT_USAGE;
        }
        try {
            ReportResult result = ResilienceReport.generate(request);
            console.say(result.verdict().id() + " - " + result.scenarios().size() + " scenario(s), "
                    + result.simulations().size() + " simulation(s) -> " + result.indexHtml());
            for (BrokenFile b : result.brokenFiles()) {
                console.warn("could not read " + b.message());
            }
            result.notes().forEach(n -> console.say("note: " + n));
            return HarnessCommand.EXIT_PASS;
        } catch (IOException | RuntimeException e) {
            console.error("--out: cannot write the report to " + out + ": " + e.getMessage());
            return HarnessCommand.EXIT_USAGE;
        }
    }
}
