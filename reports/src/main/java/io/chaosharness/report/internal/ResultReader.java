package io.chaosharness.report.internal;

import io.chaosharness.core.Secrets;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.report.ScenarioVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the result files of {@code docs/result-schema.md} (schema version {@value #SCHEMA_VERSION}). The scenario
 * timeline is streamed event by event into a {@link TimelineAggregator}; everything else is small and read as a
 * tree. Unknown members are ignored; a missing required member, an unsupported {@code schemaVersion}, a bad
 * verdict or broken JSON make the file unusable, with a message naming the file and the field or position.
 */
public final class ResultReader {

    /** The schema version this reader understands. */
    public static final int SCHEMA_VERSION = 1;

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
        if (!Files.exists(file)) {
            throw new ResultFileException(file, "the file does not exist");
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        TimelineAggregator aggregator = new TimelineAggregator();
        try (JsonParser p = mapper.createParser(file.toFile())) {
            JsonToken start = p.nextToken();
            if (start != JsonToken.START_OBJECT) {
                throw new ResultFileException(file, start == null ? "the file is empty"
                        : "expected a JSON object at the top level, but found " + start.asString());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("timeline".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == null) {
                            throw new ResultFileException(file, "the timeline ends before its closing ']'");
                        }
                        if (withTimeline) {
                            aggregator.accept(p.readValueAsTree());
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    members.put(name, p.readValueAsTree());
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new ResultFileException(file, "the top-level object is not closed");
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        checkSchemaVersion(file, members.get("schemaVersion"));
        return toScenario(file, members, aggregator);
    }

    private ScenarioReport toScenario(Path file, Map<String, JsonNode> m, TimelineAggregator aggregator)
            throws ResultFileException {
        String scenario = requiredText(file, m, "scenario");
        ScenarioVerdict declared;
        try {
            declared = ScenarioVerdict.parse("verdict", text(m.get("verdict")));
        } catch (IllegalArgumentException e) {
            throw new ResultFileException(file, e.getMessage());
        }
        Instant startedAt = instant(file, m.get("startedAt"), "startedAt");
        Long durationMs = longOrNull(m.get("durationMs"));
        List<String> notes = new ArrayList<>();

        List<ScenarioReport.Fault> faults = new ArrayList<>();
        List<Timeline.FaultWindow> schedule = new ArrayList<>();
        int i = 0;
        for (JsonNode f : array(m.get("faults"))) {
            String id = text(f.get("id"));
            Long from = longOrNull(f.get("startOffsetMs"));
            Long duration = longOrNull(f.get("durationMs"));
            ScenarioReport.Fault fault = new ScenarioReport.Fault(id == null ? "f" + (i + 1) : id, text(f.get("kind")),
                    text(f.get("description")), from, duration);
            faults.add(fault);
            if (from != null) {
                schedule.add(new Timeline.FaultWindow(fault.id(), fault.kind(), fault.description(), from / 1000.0,
                        duration == null ? null : (from + duration) / 1000.0));
            }
            i++;
        }

        List<ScenarioReport.Criterion> criteria = new ArrayList<>();
        i = 0;
        for (JsonNode c : array(m.get("criteria"))) {
            String verdict = text(c.get("verdict"));
            boolean passed;
            if ("pass".equalsIgnoreCase(verdict)) {
                passed = true;
            } else if ("fail".equalsIgnoreCase(verdict)) {
                passed = false;
            } else {
                throw new ResultFileException(file, "criteria[" + i + "].verdict must be pass or fail, but was "
                        + (verdict == null ? "missing" : "'" + verdict + "'"));
            }
            String name = text(c.get("name"));
            criteria.add(new ScenarioReport.Criterion(name == null ? "criterion " + (i + 1) : name,
                    text(c.get("seedCriterion")), text(c.get("target")), text(c.get("measured")), passed));
            i++;
        }

        List<ScenarioReport.Recovery> recovery = new ArrayList<>();
        for (JsonNode r : array(m.get("recovery"))) {
            recovery.add(new ScenarioReport.Recovery(text(r.get("faultId")), longOrNull(r.get("toFirstSuccessMs")),
                    longOrNull(r.get("toP99Under100msMs"))));
        }

        ScenarioVerdict verdict = declared;
        List<String> failedCriteria = criteria.stream().filter(c -> !c.passed()).map(ScenarioReport.Criterion::name).toList();
        if (declared == ScenarioVerdict.PASS && !failedCriteria.isEmpty()) {
            verdict = ScenarioVerdict.FAIL;
            notes.add("The file says pass, but these criteria failed: " + String.join(", ", failedCriteria)
                    + ". Counted as fail.");
        }
        Timeline timeline = aggregator.finish(startedAt, durationMs, schedule);
        if (timeline.skippedEvents() > 0) {
            notes.add(timeline.skippedEvents() + " of " + timeline.events() + " timeline events could not be used ("
                    + timeline.firstSkipReason() + ").");
        }
        KeyFigures figures = figures(m.get("summary"), aggregator.figures());
        String title = text(m.get("title"));
        return new ScenarioReport(file, scenario, title == null ? scenario : title, text(m.get("description")),
                verdict, declared, text(m.get("seed")), startedAt, durationMs, flatten(m.get("environment")),
                flatten(m.get("config")), faults, criteria, recovery, figures, text(m.get("error")), timeline, notes);
    }

    /** The file's summary where it has a figure, the timeline's measurement otherwise. */
    private static KeyFigures figures(JsonNode s, KeyFigures measured) {
        if (s == null || !s.isObject()) {
            return measured;
        }
        return new KeyFigures(
                longOr(s.get("operations"), measured.operations()), longOr(s.get("failed"), measured.failed()),
                longOr(s.get("attempts"), measured.attempts()), longOr(s.get("retries"), measured.retries()),
                longOr(s.get("budgetRefusals"), measured.budgetRefusals()), longOr(s.get("fallbacks"), measured.fallbacks()),
                doubleOr(s.get("avgMs"), measured.avgMs()), doubleOr(s.get("p50Ms"), measured.p50Ms()),
                doubleOr(s.get("p95Ms"), measured.p95Ms()), doubleOr(s.get("p99Ms"), measured.p99Ms()),
                doubleOr(s.get("maxUtilisation"), measured.maxUtilisation()));
    }

    /**
     * Reads one Gatling key-figure file.
     *
     * @param outDir the report's output folder, so the Gatling report link can be made relative to it
     */
    public GatlingRun readGatling(Path file, Path outDir) throws ResultFileException {
        if (!Files.exists(file)) {
            throw new ResultFileException(file, "the file does not exist");
        }
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ResultFileException(file, "the file is empty");
        }
        if (!root.isObject()) {
            throw new ResultFileException(file, "expected a JSON object at the top level, but found " + root.getNodeType());
        }
        checkSchemaVersion(file, root.get("schemaVersion"));
        Map<String, JsonNode> m = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        String simulation = requiredText(file, m, "simulation");
        List<GatlingRun.Assertion> assertions = new ArrayList<>();
        for (JsonNode a : array(root.get("assertions"))) {
            assertions.add(new GatlingRun.Assertion(text(a.get("description")), a.path("passed").asBoolean(false)));
        }
        String verdict = text(root.get("verdict"));
        boolean passed;
        if (verdict == null) {
            passed = assertions.stream().allMatch(GatlingRun.Assertion::passed);
        } else if (verdict.equalsIgnoreCase("pass") || verdict.equalsIgnoreCase("fail")) {
            passed = verdict.equalsIgnoreCase("pass");
        } else {
            throw new ResultFileException(file, "verdict must be pass or fail, but was '" + verdict + "'");
        }
        String link = null;
        boolean found = false;
        String reportPath = text(root.get("reportPath"));
        if (reportPath != null && isRelativePath(reportPath)) {
            Path target = file.toAbsolutePath().getParent().resolve(reportPath).normalize();
            found = Files.isRegularFile(target);
            link = relativeLink(outDir.toAbsolutePath().normalize(), target);
        }
        JsonNode users = root.get("users");
        return new GatlingRun(file, simulation, instant(file, root.get("startedAt"), "startedAt"),
                longOrNull(root.get("durationMs")), users == null || !users.isNumber() ? null : users.asInt(),
                longOrNull(root.get("requests")), longOrNull(root.get("failed")), doubleOrNull(root.get("failedPct")),
                doubleOrNull(root.get("meanMs")), doubleOrNull(root.get("p50Ms")), doubleOrNull(root.get("p95Ms")),
                doubleOrNull(root.get("p99Ms")), doubleOrNull(root.get("maxMs")),
                doubleOrNull(root.get("throughputRps")), longOrNull(root.get("emergencyAdminResponses")), passed,
                assertions, link, found);
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

    private static void checkSchemaVersion(Path file, JsonNode v) throws ResultFileException {
        if (v == null || v.isNull()) {
            throw new ResultFileException(file, "schemaVersion is missing (this reader supports " + SCHEMA_VERSION + ")");
        }
        if (!v.canConvertToInt() || v.asInt() != SCHEMA_VERSION) {
            throw new ResultFileException(file, "schemaVersion " + v.asText() + " is not supported (this reader supports "
                    + SCHEMA_VERSION + ")");
        }
    }

    private static String requiredText(Path file, Map<String, JsonNode> m, String field) throws ResultFileException {
        String s = text(m.get(field));
        if (s == null || s.isBlank()) {
            throw new ResultFileException(file, field + " is missing");
        }
        return s;
    }

    private static Instant instant(Path file, JsonNode n, String field) throws ResultFileException {
        String s = text(n);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ResultFileException(file, field + " must be an ISO-8601 instant, but was '" + s + "'");
        }
    }

    /** Why {@code file} could not be read or parsed, in the words a user can act on. */
    private static ResultFileException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ResultFileException(file, "the file does not exist");
        }
        if (e instanceof JsonProcessingException j) {
            return new ResultFileException(file, "not valid JSON" + where(j.getLocation()) + ": " + j.getOriginalMessage());
        }
        return new ResultFileException(file, "cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static Iterable<JsonNode> array(JsonNode n) {
        return n == null || !n.isArray() ? List.of() : n;
    }

    /** A masked text value; {@code null} for missing or JSON null. */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return Secrets.mask(n.isValueNode() ? n.asText() : n.toString());
    }

    private static Long longOrNull(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asLong();
    }

    private static long longOr(JsonNode n, long fallback) {
        Long v = longOrNull(n);
        return v == null ? fallback : v;
    }

    private static Double doubleOrNull(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    private static Double doubleOr(JsonNode n, Double fallback) {
        Double v = doubleOrNull(n);
        return v == null ? fallback : v;
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
