package io.chaosharness.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.result.FaultRecord;
import io.chaosharness.result.GatlingResult;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Post-processing after the Gatling goal (run by exec-maven-plugin): for each simulation, reads Gatling's own figures
 * from its HTML report ({@code target/gatling/<simulation>-<timestamp>/index.html}: Gatling 3.15 writes no
 * stats.json, and its simulation.log is binary, so the "All Requests" row and the assertions table of the report are
 * the stable output), merges the simulation's run record ({@code target/gatling-sidecar/<simulation>.json}) and writes
 * {@code target/gatling-results/<simulation>.json} per docs/result-schema.md, as a {@link GatlingResult} through the
 * result schema's one writer. The plugin runs with
 * {@code failOnError=false} so that every JSON is written; this step then fails the build if any assertion or
 * criterion failed, or a simulation left no report.
 *
 * <p>Arguments: the module's build directory, then a comma-separated list of simulation class names.
 */
public final class GatlingResults {

    private static final Pattern ROOT_ROW = Pattern.compile("<tr id=\"ROOT\"\\s*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");
    private static final Pattern ASSERTIONS = Pattern.compile("<table id=\"container_assertions\"(.*?)</table>",
            Pattern.DOTALL);
    private static final Pattern ASSERTION_ROW = Pattern.compile(
            "<td class=\"error-col-1 [a-z]+ total\">\\s*(.*?)\\s*<span.*?<td class=\"error-col-2 value [a-z]+ total\">"
                    + "\\s*(OK|KO)\\s*</td>", Pattern.DOTALL);
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private GatlingResults() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GatlingResults <build directory> <Simulation,Simulation,...>");
        }
        Path build = Path.of(args[0]);
        List<String> failures = new ArrayList<>();
        for (String simulation : args[1].split(",")) {
            String name = simulation.strip();
            if (name.isEmpty()) {
                continue;
            }
            name = name.substring(name.lastIndexOf('.') + 1);
            try {
                GatlingResult result = collect(build, name);
                Path out = ResultFiles.write(result, build.resolve("gatling-results").resolve(name + ".json"));
                System.out.printf(Locale.ROOT, "gatling-results: %s %s: %s requests, %s failed (%s %%), p50 %s ms, "
                                + "p95 %s ms, p99 %s ms, %s rps, emergency-admin %s -> %s%n", name,
                        result.verdict().json(), result.requests(), result.failed(), result.failedPct(),
                        result.p50Ms(), result.p95Ms(), result.p99Ms(), result.throughputRps(),
                        result.emergencyAdminResponses(), build.relativize(out));
                for (GatlingResult.Assertion a : result.assertions()) {
                    System.out.println("gatling-results:   " + (a.passed() ? "ok  " : "FAIL") + " " + a.description()
                            + (a.measured() != null ? " (" + a.measured() + ")" : ""));
                }
                if (result.verdict() != Verdict.PASS) {
                    failures.add(name);
                }
            } catch (IOException | RuntimeException e) {
                System.out.println("gatling-results: " + name + " error: " + e.getMessage());
                failures.add(name + " (" + e.getMessage() + ")");
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Gatling objectives not met: " + String.join(", ", failures)
                    + " (see target/gatling-results and the Gatling reports)");
        }
    }

    static GatlingResult collect(Path build, String simulation) throws IOException {
        Path sidecar = build.resolve("gatling-sidecar").resolve(simulation + ".json");
        if (!Files.isRegularFile(sidecar)) {
            throw new IllegalStateException("no run record " + build.relativize(sidecar)
                    + ": the simulation did not run or failed before after()");
        }
        JsonNode record = RunRecord.JSON.readTree(sidecar.toFile());
        Instant startedAt = Instant.parse(record.path("startedAt").asText());
        Path run = latestRun(build.resolve("gatling"), simulation.toLowerCase(Locale.ROOT), startedAt)
                .orElseThrow(() -> new IllegalStateException("no Gatling report for " + simulation + " started near "
                        + startedAt + " under target/gatling"));
        String html = Files.readString(run.resolve("index.html"));
        Map<Integer, String> row = rootRow(html);

        long requests = longValue(row.get(2));
        long failed = longValue(row.get(4));
        List<GatlingResult.Assertion> assertions = new ArrayList<>();
        Matcher table = ASSERTIONS.matcher(html);
        if (table.find()) {
            Matcher a = ASSERTION_ROW.matcher(table.group(1));
            while (a.find()) {
                assertions.add(new GatlingResult.Assertion(a.group(1).replaceAll("\\s+", " ").strip(),
                        "OK".equals(a.group(2)), null));
            }
        }
        for (JsonNode c : record.path("criteria")) {
            assertions.add(new GatlingResult.Assertion(c.path("description").asText(), c.path("passed").asBoolean(),
                    c.path("measured").asText()));
        }
        boolean passed = !assertions.isEmpty() && assertions.stream().allMatch(GatlingResult.Assertion::passed)
                && record.path("error").isNull();
        List<FaultRecord> faults = List.of(RunRecord.JSON.treeToValue(record.path("faults"), FaultRecord[].class));
        List<Recovery> recovery = List.of(RunRecord.JSON.treeToValue(record.path("recovery"), Recovery[].class));
        List<long[]> windows = List.of(RunRecord.JSON.treeToValue(record.path("p99Series"), long[][].class));
        return new GatlingResult(ResultFiles.SCHEMA_VERSION, simulation, startedAt, record.path("durationMs").asLong(),
                record.path("users").asInt(), requests, failed,
                requests == 0 ? 0.0 : Math.round(10_000.0 * failed / requests) / 100.0, doubleValue(row.get(13)),
                longValue(row.get(8)), longValue(row.get(10)), longValue(row.get(11)), longValue(row.get(12)),
                doubleValue(row.get(6)), record.path("emergencyAdminResponses").asLong(),
                passed ? Verdict.PASS : Verdict.FAIL, assertions, "../gatling/" + run.getFileName() + "/index.html",
                record.path("target").asText(), faults, recovery, record.path("p99SeriesBucketMs").asLong(), windows);
    }

    /** The newest {@code <id>-<timestamp>} report directory whose timestamp is within 10 minutes of the run. */
    static Optional<Path> latestRun(Path gatling, String id, Instant startedAt) throws IOException {
        if (!Files.isDirectory(gatling)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(gatling)) {
            return dirs.filter(d -> d.getFileName().toString().matches(Pattern.quote(id) + "-\\d{17}"))
                    .filter(d -> Files.isRegularFile(d.resolve("index.html")))
                    .filter(d -> {
                        String stamp = d.getFileName().toString().substring(id.length() + 1);
                        Instant at = LocalDateTime.parse(stamp, RUN_STAMP).toInstant(ZoneOffset.UTC);
                        return Duration.between(startedAt, at).abs().compareTo(Duration.ofMinutes(10)) < 0;
                    })
                    .max(Path::compareTo);
        }
    }

    static Map<Integer, String> rootRow(String html) {
        Matcher m = ROOT_ROW.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("the Gatling report has no \"All Requests\" row");
        }
        Map<Integer, String> cells = new LinkedHashMap<>();
        Matcher c = CELL.matcher(m.group(1));
        while (c.find()) {
            cells.put(Integer.parseInt(c.group(1)), c.group(2).strip());
        }
        if (!cells.containsKey(2) || !cells.containsKey(11)) {
            throw new IllegalStateException("the Gatling report's \"All Requests\" row lacks columns: " + cells.keySet());
        }
        return cells;
    }

    private static long longValue(String s) {
        double d = doubleValue(s);
        return Math.round(d);
    }

    private static double doubleValue(String s) {
        if (s == null || s.isBlank() || s.equals("-")) {
            return 0;
        }
        return Double.parseDouble(s.replace(",", "").replace(" ", "").replace("\u00a0", ""));
    }
}
