package io.chaosharness.report.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.core.Secrets;
import io.chaosharness.report.BrokenFile;
import io.chaosharness.result.ResultFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads earlier runs from a history folder. Each entry of the folder is one run: a {@code summary.json} file (any
 * {@code *.json} with {@code "kind": "resilience-report-summary"}), a folder holding one (directly or in
 * {@code resilience-report/}), or an earlier results folder of scenario files. Problems become notes: the history
 * never changes the current verdict.
 */
public final class HistoryReader {

    private final ObjectMapper mapper;
    private final ResultReader reader;

    public HistoryReader(ObjectMapper mapper, ResultReader reader) {
        this.mapper = mapper;
        this.reader = reader;
    }

    /** Earlier runs, oldest first; problems are appended to {@code notes}. */
    public List<HistoryRun> read(Path folder, List<String> notes) {
        List<HistoryRun> runs = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            notes.add("History folder " + folder + " does not exist; no trend shown.");
            return runs;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            notes.add("History folder " + folder + " cannot be listed: " + e);
            return runs;
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            try {
                if (Files.isRegularFile(entry) && name.toLowerCase(Locale.ROOT).endsWith(".json")) {
                    runs.add(readSummary(entry, labelOf(entry)));
                } else if (Files.isDirectory(entry)) {
                    Path summary = firstExisting(entry.resolve("summary.json"),
                            entry.resolve("resilience-report").resolve("summary.json"));
                    if (summary != null) {
                        runs.add(readSummary(summary, name));
                    } else {
                        HistoryRun run = readResultsFolder(entry, notes);
                        if (run != null) {
                            runs.add(run);
                        }
                    }
                }
            } catch (ResultFileException e) {
                notes.add("History: " + e.getMessage());
            }
        }
        runs.sort(Comparator.comparing(HistoryRun::at, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(HistoryRun::label));
        return runs;
    }

    private static String labelOf(Path file) {
        String name = file.getFileName().toString();
        return name.equals("summary.json") && file.getParent() != null ? file.getParent().getFileName().toString()
                : name.replaceFirst("(?i)\\.json$", "");
    }

    private static Path firstExisting(Path... candidates) {
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    HistoryRun readSummary(Path file, String label) throws ResultFileException {
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new ResultFileException(file, "not a readable summary: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !SummaryJson.KIND.equals(root.path("kind").asText())) {
            throw new ResultFileException(file, "not a report summary (kind is not '" + SummaryJson.KIND + "')");
        }
        if (root.path("schemaVersion").asInt(-1) != 1) {
            throw new ResultFileException(file, "schemaVersion " + root.path("schemaVersion").asText("missing")
                    + " is not supported (this reader supports 1)");
        }
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (JsonNode s : root.path("scenarios")) {
            verdicts.put(Secrets.mask(s.path("scenario").asText("?")), s.path("verdict").asText("?"));
        }
        JsonNode k = root.path("keyFigures");
        Instant at = null;
        try {
            at = root.hasNonNull("generatedAt") ? Instant.parse(root.get("generatedAt").asText()) : null;
        } catch (DateTimeParseException e) {
            // a run without a usable time still shows, sorted last
        }
        return new HistoryRun(Secrets.mask(label), at, root.path("verdict").asText("?"), verdicts,
                k.path("operations").asLong(0), k.path("failed").asLong(0), k.path("fallbacks").asLong(0),
                k.path("retries").asLong(0), k.hasNonNull("worstP99Ms") ? k.get("worstP99Ms").asDouble() : null,
                k.hasNonNull("maxUtilisation") ? k.get("maxUtilisation").asDouble() : null);
    }

    private HistoryRun readResultsFolder(Path folder, List<String> notes) {
        List<ScenarioReport> scenarios = new ArrayList<>();
        List<BrokenFile> broken = new ArrayList<>();
        try {
            for (Path f : ResultReader.jsonFiles(folder)) {
                try {
                    scenarios.add(reader.readScenario(f, false));
                } catch (ResultFileException e) {
                    broken.add(new BrokenFile(f, e.getMessage()));
                }
            }
        } catch (IOException e) {
            notes.add("History folder " + folder.getFileName() + " cannot be listed: " + e);
            return null;
        }
        if (scenarios.isEmpty() && broken.isEmpty()) {
            return null;
        }
        for (BrokenFile b : broken) {
            notes.add("History " + folder.getFileName() + ": " + b.message());
        }
        Instant at = scenarios.stream().map(ScenarioReport::startedAt).filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        ReportModel earlier = new ReportModel(at, scenarios, List.of(), broken, List.of(), List.of(), List.of());
        return earlier.asRun(folder.getFileName().toString());
    }
}
