package io.chaosharness.report.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.core.Secrets;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.FaultRecord;
import io.chaosharness.result.GatlingResult;
import io.chaosharness.result.ResultFileException;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Summary;
import io.chaosharness.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the result files of {@code docs/result-schema.md} for the report, through the schema's one reader
 * ({@link ResultFiles}, schema version {@value ResultFiles#SCHEMA_VERSION}): the scenario timeline is streamed event
 * by event into a {@link TimelineAggregator}; faults, criteria and recovery are the schema's types; configuration
 * and environment are flattened to masked display strings. Unknown members are ignored; an unusable file is a
 * {@link ResultFileException} naming the file and the field or position.
 */
public final class ResultReader {

    private final ObjectMapper mapper;

    public ResultReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The {@code *.json} files directly in {@code folder}, by name; a file path is returned as itself. */
    public static List<Path> jsonFiles(Path folder) throws IOException {
        if (Files.isRegularFile(folder)) {
            return List.of(folder);
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    /** Reads one scenario result file; {@code withTimeline=false} skips the timeline (for history). */
    public ScenarioReport readScenario(Path file, boolean withTimeline) throws ResultFileException {
        TimelineAggregator aggregator = new TimelineAggregator();
        ScenarioResult r = ResultFiles.readScenario(file, withTimeline ? aggregator::accept : event -> { });
        List<String> notes = new ArrayList<>();

        List<Timeline.FaultWindow> schedule = new ArrayList<>();
        for (FaultRecord f : r.faults()) {
            if (f.startOffsetMs() != null) {
                long from = f.startOffsetMs();
                schedule.add(new Timeline.FaultWindow(f.id(), f.kind(), f.description(), from / 1000.0,
                        f.durationMs() == null ? null : (from + f.durationMs()) / 1000.0));
            }
        }
        Verdict verdict = r.verdict();
        List<String> failedCriteria = r.failedCriteria().stream().map(CriterionResult::name).toList();
        if (verdict == Verdict.PASS && !failedCriteria.isEmpty()) {
            verdict = Verdict.FAIL;
            notes.add("The file says pass, but these criteria failed: " + String.join(", ", failedCriteria)
                    + ". Counted as fail.");
        }
        Timeline timeline = aggregator.finish(r.startedAt(), r.durationMs(), schedule);
        if (timeline.skippedEvents() > 0) {
            notes.add(timeline.skippedEvents() + " of " + timeline.events() + " timeline events could not be used ("
                    + timeline.firstSkipReason() + ").");
        }
        return new ScenarioReport(file, r.scenario(), r.title() == null ? r.scenario() : r.title(), r.description(),
                verdict, r.verdict(), r.seed() == null ? null : r.seed().toString(), r.startedAt(), r.durationMs(),
                flatten(r.environment() == null ? null : mapper.valueToTree(r.environment())),
                flatten(mapper.valueToTree(r.config())), r.faults(), r.criteria(), r.recovery(),
                figures(r.summary(), aggregator.figures(), aggregator.events() > 0), r.error(), timeline, notes);
    }

    /**
     * The file's summary where it has a figure, the timeline's measurement otherwise; except fallbacks, taken from
     * the timeline when it was read (older writers counted refused break-glass attempts as fallbacks), and
     * utilisation, the larger of the two.
     */
    private static KeyFigures figures(Summary s, KeyFigures measured, boolean timelineRead) {
        if (s == null) {
            return measured;
        }
        return new KeyFigures(
                or(s.operations(), measured.operations()), or(s.failed(), measured.failed()),
                or(s.attempts(), measured.attempts()), or(s.retries(), measured.retries()),
                or(s.budgetRefusals(), measured.budgetRefusals()), timelineRead ? measured.fallbacks()
                        : or(s.fallbacks(), measured.fallbacks()),
                or(s.avgMs(), measured.avgMs()), or(s.p50Ms(), measured.p50Ms()),
                or(s.p95Ms(), measured.p95Ms()), or(s.p99Ms(), measured.p99Ms()),
                maxOf(s.maxUtilisation(), measured.maxUtilisation()), or(s.fallbacksRefused(),
                        measured.fallbacksRefused()), or(s.availabilityCheckFailures(),
                        measured.availabilityCheckFailures()), or(s.maxWaiting(), measured.maxWaiting()));
    }

    /**
     * Utilisation seen by either: files written before utilisation counted waiting threads say 0 % for a pool whose
     * 20 callers all waited; the timeline's gauges and attempts in flight correct them.
     */
    private static Double maxOf(Double a, Double b) {
        return a == null ? b : b == null ? a : Math.max(a, b);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /**
     * Reads one Gatling key-figure file.
     *
     * @param outDir the report's output folder, so the Gatling report link can be made relative to it
     */
    public GatlingRun readGatling(Path file, Path outDir) throws ResultFileException {
        GatlingResult g = ResultFiles.readGatling(file);
        String link = null;
        boolean found = false;
        String reportPath = g.reportPath();
        if (reportPath != null && isRelativePath(reportPath)) {
            Path target = file.toAbsolutePath().getParent().resolve(reportPath).normalize();
            found = Files.isRegularFile(target);
            link = relativeLink(outDir.toAbsolutePath().normalize(), target);
        }
        return new GatlingRun(file, g.simulation(), g.startedAt(), g.durationMs(), g.users(), g.requests(),
                g.failed(), g.failedPct(), g.meanMs(), asDouble(g.p50Ms()), asDouble(g.p95Ms()), asDouble(g.p99Ms()),
                asDouble(g.maxMs()), g.throughputRps(), g.emergencyAdminResponses(), g.verdict() == Verdict.PASS,
                g.assertions(), link, found);
    }

    private static Double asDouble(Long v) {
        return v == null ? null : v.doubleValue();
    }

    /** A path with no scheme, not absolute: never a {@code javascript:} or remote URL in an href. */
    static boolean isRelativePath(String path) {
        String p = path.trim();
        if (p.isEmpty() || p.startsWith("/") || p.startsWith("\\")) {
            return false;
        }
        int colon = p.indexOf(':');
        int slash = p.indexOf('/');
        return colon < 0 || (slash >= 0 && slash < colon);
    }

    /** {@code target} relative to {@code from}, with forward slashes and URL-escaped segments. */
    static String relativeLink(Path from, Path target) {
        Path rel;
        try {
            rel = from.relativize(target);
        } catch (IllegalArgumentException e) {
            return target.toUri().toString();
        }
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(encodeSegment(part.toString()));
        }
        return sb.toString();
    }

    private static String encodeSegment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** An object's members as display strings, masked by key and by value; nested objects as dotted keys. */
    private static Map<String, String> flatten(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            flatten("", n, out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v != null && v.isObject() && v.size() > 0) {
                flatten(key + ".", v, out);
            } else {
                String raw = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
                out.put(key, Secrets.maskValue(key, raw));
            }
        }
    }
}
