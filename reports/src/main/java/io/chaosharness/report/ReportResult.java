package io.chaosharness.report;

import io.chaosharness.result.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ResilienceReport#generate(ReportRequest)} wrote and concluded.
 *
 * @param verdict     the overall verdict shown in the banner
 * @param scenarios   one line per scenario result that could be read, in report order
 * @param simulations one line per Gatling key-figure file that could be read
 * @param brokenFiles input files that could not be used, with the reason
 * @param notes       other remarks, e.g. an input folder that does not exist
 * @param indexHtml   the written report page
 * @param summaryJson the written machine-readable summary
 */
public record ReportResult(OverallVerdict verdict, List<ScenarioLine> scenarios, List<SimulationLine> simulations,
                           List<BrokenFile> brokenFiles, List<String> notes, Path indexHtml, Path summaryJson) {

    public ReportResult {
        Objects.requireNonNull(verdict, "verdict");
        scenarios = List.copyOf(scenarios);
        simulations = List.copyOf(simulations);
        brokenFiles = List.copyOf(brokenFiles);
        notes = List.copyOf(notes);
    }

    /** One scenario's verdict and the file it came from. */
    public record ScenarioLine(String scenario, String title, Verdict verdict, Path file) {
    }

    /** One Gatling simulation's verdict and the file it came from. */
    public record SimulationLine(String simulation, boolean passed, Path file) {
    }
}
