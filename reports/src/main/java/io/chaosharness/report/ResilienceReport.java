package io.chaosharness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chaosharness.report.internal.GatlingRun;
import io.chaosharness.report.internal.HistoryReader;
import io.chaosharness.report.internal.HistoryRun;
import io.chaosharness.report.internal.HtmlRenderer;
import io.chaosharness.report.internal.PoolSizing;
import io.chaosharness.report.internal.ReportModel;
import io.chaosharness.report.internal.ResultReader;
import io.chaosharness.report.internal.ScenarioReport;
import io.chaosharness.report.internal.SummaryJson;
import io.chaosharness.result.ResultFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the resilience report: reads every scenario result and Gatling key-figure file of a {@link ReportRequest},
 * and writes {@code index.html} and {@code summary.json} into its output folder. Where a results folder holds
 * {@code ./harness size}'s table ({@code pool-sizing/pool-sizing.json}) the page shows it with its chart and links
 * the sizing page ({@code pool-sizing.html} in the output folder) when that is there; it is not part of the verdict.
 *
 * <p>Bad input never stops the report: a file that cannot be read (missing, corrupt, unsupported
 * {@code schemaVersion}) is listed with a message naming it, and the report is written from the rest. Missing input
 * folders are noted; with nothing to read the page says "No results found".
 * <pre>{@code
 * ReportResult result = ResilienceReport.generate(ReportRequest.builder()
 *         .results(Path.of("target/resilience-results")).out(Path.of("target/resilience-report")).build());
 * if (result.verdict() != OverallVerdict.PASS) { ... }
 * }</pre>
 */
public final class ResilienceReport {

    /** The page's file name in the output folder. */
    public static final String INDEX_HTML = "index.html";
    /** The summary's file name in the output folder. */
    public static final String SUMMARY_JSON = "summary.json";

    private static final Logger LOG = LoggerFactory.getLogger(ResilienceReport.class);

    private ResilienceReport() {
    }

    /** Generates the report, stamped with the system UTC clock. */
    public static ReportResult generate(ReportRequest request) throws IOException {
        return generate(request, Clock.systemUTC());
    }

    /**
     * Generates the report.
     *
     * @throws IOException only when the output cannot be written; input problems are reported, not thrown
     */
    public static ReportResult generate(ReportRequest request, Clock clock) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ResultReader reader = new ResultReader(mapper);
        List<ScenarioReport> scenarios = new ArrayList<>();
        List<GatlingRun> simulations = new ArrayList<>();
        List<BrokenFile> broken = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        Path out = request.out().toAbsolutePath().normalize();

        for (Path given : request.results()) {
            Path folder = given.toAbsolutePath().normalize();
            inputs.add("scenario results: " + folder);
            for (Path file : listInputs(folder, "Results", broken, notes)) {
                try {
                    scenarios.add(reader.readScenario(file, true));
                } catch (ResultFileException e) {
                    broken(broken, file, e);
                }
            }
        }
        if (request.gatling().isPresent()) {
            Path folder = request.gatling().get().toAbsolutePath().normalize();
            inputs.add("Gatling results: " + folder);
            for (Path file : listInputs(folder, "Gatling results", broken, notes)) {
                try {
                    simulations.add(reader.readGatling(file, out));
                } catch (ResultFileException e) {
                    broken(broken, file, e);
                }
            }
        }
        List<HistoryRun> history = request.history()
                .map(h -> new HistoryReader(mapper, reader).read(h.toAbsolutePath().normalize(), notes))
                .orElse(List.of());

        // ./harness size's table beside the results (pool-sizing/pool-sizing.json) and its page beside this report
        PoolSizing sizing = PoolSizing.find(mapper, request.results().stream()
                .map(p -> p.toAbsolutePath().normalize()).toList(), out, notes).orElse(null);
        ReportModel model = new ReportModel(clock.instant().truncatedTo(ChronoUnit.MILLIS), scenarios, simulations,
                broken, notes, history, inputs, sizing);
        Files.createDirectories(out);
        Path summary = out.resolve(SUMMARY_JSON);
        writeAtomically(summary, mapper.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(SummaryJson.of(model, mapper)));
        Path index = out.resolve(INDEX_HTML);
        writeAtomically(index, new HtmlRenderer(mapper).render(model));
        LOG.info("report: {} ({} scenarios, {} simulations, {} broken files) written to {}", model.verdict(),
                scenarios.size(), simulations.size(), broken.size(), index);

        List<ReportResult.ScenarioLine> lines = scenarios.stream()
                .map(s -> new ReportResult.ScenarioLine(s.scenario(), s.title(), s.verdict(), s.file())).toList();
        List<ReportResult.SimulationLine> sims = simulations.stream()
                .map(g -> new ReportResult.SimulationLine(g.simulation(), g.passed(), g.file())).toList();
        return new ReportResult(model.verdict(), lines, sims, broken, notes, index, summary);
    }

    private static List<Path> listInputs(Path folder, String what, List<BrokenFile> broken, List<String> notes) {
        if (!Files.exists(folder)) {
            notes.add(what + " folder " + folder + " does not exist.");
            LOG.info("report: {} folder {} does not exist", what.toLowerCase(java.util.Locale.ROOT), folder);
            return List.of();
        }
        try {
            return ResultReader.jsonFiles(folder);
        } catch (IOException e) {
            broken.add(new BrokenFile(folder, folder.getFileName() + ": the folder cannot be listed: " + e));
            return List.of();
        }
    }

    private static void broken(List<BrokenFile> broken, Path file, ResultFileException e) {
        LOG.warn("report: {} (left out of the report)", e.getMessage());
        broken.add(new BrokenFile(file, e.getMessage()));
    }

    /** Write then move, so a reader (or a browser reloading) never sees half a file. */
    static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                // temp files are created owner-only; a report is meant to be read (and served) by others
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions apply
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
