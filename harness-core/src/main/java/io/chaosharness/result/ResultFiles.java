package io.chaosharness.result;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The one writer and reader of the result files of {@code docs/result-schema.md} (schema version
 * {@value #SCHEMA_VERSION}): scenarios write {@link ScenarioResult}s, the gatling module writes {@link GatlingResult}s,
 * the reports and the CLI read both back through here.
 *
 * <p>Writing: timestamps as ISO-8601 UTC strings with milliseconds, durations in milliseconds, every string passed
 * through {@link Secrets#mask(String)}; a long run's successful attempts are thinned to at most
 * {@link #MAX_ATTEMPT_EVENTS} (every failure is kept; operation events are never thinned); the file is written to a
 * temporary name and moved into place, so a reader never sees half a document.
 *
 * <p>Reading: unknown members are ignored; a missing required member ({@code schemaVersion}, {@code scenario} or
 * {@code simulation}, {@code verdict}), an unsupported {@code schemaVersion}, a bad verdict, a bad instant or broken
 * JSON make the file unusable, with a {@link ResultFileException} naming the file and the field or position. Every
 * text read is masked again. The scenario timeline is streamed event by event, so a timeline of 100k events is never
 * held as one tree.
 */
public final class ResultFiles {

    /** The schema version every result file is written with, and the only one read. */
    public static final int SCHEMA_VERSION = 1;

    /** Most {@code attempt} events a scenario file keeps; failures are always kept. */
    public static final int MAX_ATTEMPT_EVENTS = 20_000;

    private static final Pattern SAFE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final ObjectMapper MAPPER = mapper();

    private ResultFiles() {
    }

    /** The mapper result files are written and read with: millisecond ISO instants, masked strings, indented. */
    public static ObjectMapper mapper() {
        SimpleModule module = new SimpleModule("chaos-harness-results");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.MILLIS)));
            }
        });
        module.addSerializer(String.class, new JsonSerializer<>() {
            @Override
            public void serialize(String value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(Secrets.mask(value));
            }
        });
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(module)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code result} to {@code dir/<scenario>.json}, creating {@code dir}; returns the file.
     *
     * @throws IllegalArgumentException when the scenario id cannot name a file
     * @throws UncheckedIOException     naming the file when it cannot be written
     */
    public static Path write(ScenarioResult result, Path dir) {
        if (result.scenario() == null || !SAFE_ID.matcher(result.scenario()).matches()) {
            throw new IllegalArgumentException("scenario id must match " + SAFE_ID + " to name a file, but was '"
                    + result.scenario() + "'");
        }
        Path file = dir.resolve(result.scenario() + ".json");
        writeAtomically(file, thinned(result));
        return file;
    }

    /**
     * Writes {@code result} to {@code file}, creating its folder; returns the file.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static Path write(GatlingResult result, Path file) {
        writeAtomically(file, result);
        return file;
    }

    private static void writeAtomically(Path file, Object document) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
            try {
                MAPPER.writeValue(tmp.toFile(), document);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code result} with successful attempt events thinned to at most {@link #MAX_ATTEMPT_EVENTS} in total. */
    public static ScenarioResult thinned(ScenarioResult result) {
        List<HarnessEvent> timeline = result.timeline();
        long attempts = timeline.stream().filter(e -> e instanceof AttemptEvent).count();
        if (attempts <= MAX_ATTEMPT_EVENTS) {
            return result;
        }
        long failures = timeline.stream()
                .filter(e -> e instanceof AttemptEvent a && a.outcome() == Outcome.FAILURE).count();
        long successes = attempts - failures;
        long keepSuccesses = Math.max(0, MAX_ATTEMPT_EVENTS - failures);
        long stride = keepSuccesses == 0 ? Long.MAX_VALUE : (successes + keepSuccesses - 1) / keepSuccesses;
        List<HarnessEvent> out = new ArrayList<>(timeline.size());
        long seen = 0;
        for (HarnessEvent e : timeline) {
            if (e instanceof AttemptEvent a && a.outcome() == Outcome.SUCCESS) {
                if (seen++ % stride != 0) {
                    continue;
                }
            }
            out.add(e);
        }
        return new ScenarioResult(result.schemaVersion(), result.scenario(), result.title(), result.description(),
                result.verdict(), result.seed(), result.startedAt(), result.durationMs(), result.environment(),
                result.config(), result.faults(), result.criteria(), result.recovery(), result.summary(),
                result.error(), out);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a scenario result file with its timeline as typed events; an event of an unknown type makes the file
     * unusable (use {@link #readScenario(Path, Consumer)} to tolerate them).
     */
    public static ScenarioResult readScenario(Path file) throws ResultFileException {
        List<HarnessEvent> events = new ArrayList<>();
        int[] index = {0};
        ScenarioResult header = readScenario(file, node -> events.add(event(node, index[0]++)));
        return new ScenarioResult(header.schemaVersion(), header.scenario(), header.title(), header.description(),
                header.verdict(), header.seed(), header.startedAt(), header.durationMs(), header.environment(),
                header.config(), header.faults(), header.criteria(), header.recovery(), header.summary(),
                header.error(), List.copyOf(events));
    }

    private static HarnessEvent event(JsonNode node, int index) {
        try {
            return MAPPER.treeToValue(node, HarnessEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("timeline[" + index + "] is not a known event: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a scenario result file, handing each timeline event to {@code timeline} as a JSON tree (in order, not
     * kept); the returned result's timeline is empty. {@code timeline} may be a no-op to read the header only.
     */
    public static ScenarioResult readScenario(Path file, Consumer<JsonNode> timeline) throws ResultFileException {
        if (!Files.exists(file)) {
            throw new ResultFileException(file, "the file does not exist");
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        try (JsonParser p = MAPPER.createParser(file.toFile())) {
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
                        JsonNode event = p.readValueAsTree();
                        try {
                            timeline.accept(event);
                        } catch (IllegalArgumentException e) {
                            throw new ResultFileException(file, e.getMessage());
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
        return toScenario(file, members);
    }

    private static ScenarioResult toScenario(Path file, Map<String, JsonNode> m) throws ResultFileException {
        String scenario = requiredText(file, m.get("scenario"), "scenario");
        Verdict verdict = verdict(file, m.get("verdict"), "verdict", false);

        List<FaultRecord> faults = new ArrayList<>();
        int i = 0;
        for (JsonNode f : array(m.get("faults"))) {
            String id = text(f.get("id"));
            faults.add(new FaultRecord(id == null ? "f" + (i + 1) : id, text(f.get("kind")), text(f.get("description")),
                    longOrNull(f.get("startOffsetMs")), longOrNull(f.get("durationMs"))));
            i++;
        }
        List<CriterionResult> criteria = new ArrayList<>();
        i = 0;
        for (JsonNode c : array(m.get("criteria"))) {
            Verdict v = criterionVerdict(file, c.get("verdict"), "criteria[" + i + "].verdict");
            String name = text(c.get("name"));
            criteria.add(new CriterionResult(name == null ? "criterion " + (i + 1) : name, text(c.get("seedCriterion")),
                    text(c.get("target")), text(c.get("measured")), v, doubleOrNull(c.get("measuredValue")),
                    doubleOrNull(c.get("targetValue")), text(c.get("detail"))));
            i++;
        }
        List<Recovery> recovery = recovery(m.get("recovery"));
        JsonNode env = m.get("environment");
        EnvironmentInfo environment = env == null || !env.isObject() ? null : new EnvironmentInfo(
                text(env.get("provider")), text(env.get("postgresVersion")), text(env.get("proxy")),
                text(env.get("commit")), text(env.get("javaVersion")));
        return new ScenarioResult(SCHEMA_VERSION, scenario, text(m.get("title")), text(m.get("description")), verdict,
                longOrNull(m.get("seed")), instant(file, m.get("startedAt"), "startedAt"),
                longOrNull(m.get("durationMs")), environment, config(m.get("config")), List.copyOf(faults),
                List.copyOf(criteria), recovery, summary(m.get("summary")), text(m.get("error")), List.of());
    }

    /** Reads a Gatling key-figure file. */
    public static GatlingResult readGatling(Path file) throws ResultFileException {
        JsonNode root = readTree(file);
        String simulation = requiredText(file, root.get("simulation"), "simulation");
        List<GatlingResult.Assertion> assertions = new ArrayList<>();
        for (JsonNode a : array(root.get("assertions"))) {
            assertions.add(new GatlingResult.Assertion(text(a.get("description")), a.path("passed").asBoolean(false),
                    text(a.get("measured"))));
        }
        Verdict verdict = root.get("verdict") == null || root.get("verdict").isNull()
                ? (assertions.stream().allMatch(GatlingResult.Assertion::passed) ? Verdict.PASS : Verdict.FAIL)
                : verdict(file, root.get("verdict"), "verdict", true);
        List<FaultRecord> faults = new ArrayList<>();
        int i = 0;
        for (JsonNode f : array(root.get("faults"))) {
            String id = text(f.get("id"));
            faults.add(new FaultRecord(id == null ? "f" + (i + 1) : id, text(f.get("kind")), text(f.get("description")),
                    longOrNull(f.get("startOffsetMs")), longOrNull(f.get("durationMs"))));
            i++;
        }
        List<long[]> windows = new ArrayList<>();
        for (JsonNode w : array(root.get("p99Windows"))) {
            if (w.isArray()) {
                long[] row = new long[w.size()];
                for (int k = 0; k < row.length; k++) {
                    row[k] = w.get(k).asLong();
                }
                windows.add(row);
            }
        }
        JsonNode users = root.get("users");
        return new GatlingResult(SCHEMA_VERSION, simulation, instant(file, root.get("startedAt"), "startedAt"),
                longOrNull(root.get("durationMs")), users == null || !users.isNumber() ? null : users.asInt(),
                longOrNull(root.get("requests")), longOrNull(root.get("failed")), doubleOrNull(root.get("failedPct")),
                doubleOrNull(root.get("meanMs")), roundedOrNull(root.get("p50Ms")), roundedOrNull(root.get("p95Ms")),
                roundedOrNull(root.get("p99Ms")), roundedOrNull(root.get("maxMs")),
                doubleOrNull(root.get("throughputRps")), longOrNull(root.get("emergencyAdminResponses")), verdict,
                List.copyOf(assertions), text(root.get("reportPath")), text(root.get("target")), List.copyOf(faults),
                recovery(root.get("recovery")), longOrNull(root.get("p99WindowMs")), List.copyOf(windows));
    }

    /**
     * Reads any result file as a JSON tree (tests, tools), after checking it is an object of schema version
     * {@value #SCHEMA_VERSION}.
     */
    public static JsonNode readTree(Path file) throws ResultFileException {
        if (!Files.exists(file)) {
            throw new ResultFileException(file, "the file does not exist");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ResultFileException(file, "the file is empty");
        }
        if (!root.isObject()) {
            throw new ResultFileException(file, "expected a JSON object at the top level, but found "
                    + root.getNodeType());
        }
        checkSchemaVersion(file, root.get("schemaVersion"));
        return root;
    }

    private static List<Recovery> recovery(JsonNode n) {
        List<Recovery> out = new ArrayList<>();
        for (JsonNode r : array(n)) {
            out.add(new Recovery(text(r.get("faultId")), longOrNull(r.get("toFirstSuccessMs")),
                    longOrNull(r.get("toP99Under100msMs")), longOrNull(r.get("toStartedP99Under100msMs")),
                    longOrNull(r.get("limitMs")), longOrNull(r.get("upMs"))));
        }
        return List.copyOf(out);
    }

    private static Summary summary(JsonNode s) {
        if (s == null || !s.isObject()) {
            return null;
        }
        return new Summary(longOrNull(s.get("operations")), longOrNull(s.get("failed")),
                longOrNull(s.get("attempts")), longOrNull(s.get("retries")), longOrNull(s.get("budgetRefusals")),
                longOrNull(s.get("fallbacks")), doubleOrNull(s.get("avgMs")), doubleOrNull(s.get("p50Ms")),
                doubleOrNull(s.get("p95Ms")), doubleOrNull(s.get("p99Ms")), doubleOrNull(s.get("maxUtilisation")),
                doubleOrNull(s.get("maxMs")), longOrNull(s.get("poolTimeouts")), longOrNull(s.get("breakerOpenings")),
                doubleOrNull(s.get("errorRate")), longOrNull(s.get("fallbacksRefused")),
                longOrNull(s.get("availabilityCheckFailures")), longOrNull(s.get("maxWaiting")));
    }

    /** The config object as plain values in file order; a text is masked, and masked whole under a secret key. */
    private static Map<String, Object> config(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getKey(), e.getValue())));
        }
        return out;
    }

    private static Object plain(String key, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getKey(), e.getValue())));
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(x -> l.add(plain(key, x)));
            return l;
        }
        if (v.isTextual()) {
            return Secrets.maskValue(key, v.asText());
        }
        // numbers and booleans stay as they are, even under a key such as password_hash_iterations
        return MAPPER.convertValue(v, Object.class);
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

    /** A criterion's verdict: {@code pass}, {@code fail} or {@code not-measured}. */
    private static Verdict criterionVerdict(Path file, JsonNode n, String field) throws ResultFileException {
        String text = text(n);
        if (Verdict.NOT_MEASURED.json().equalsIgnoreCase(text == null ? null : text.strip())) {
            return Verdict.NOT_MEASURED;
        }
        try {
            return verdict(file, n, field, true);
        } catch (ResultFileException e) {
            throw new ResultFileException(file, field + " must be pass, fail or not-measured, but was "
                    + (text == null ? "missing" : "'" + text + "'"));
        }
    }

    private static Verdict verdict(Path file, JsonNode n, String field, boolean passOrFail) throws ResultFileException {
        String text = text(n);
        if (passOrFail) {
            if ("pass".equalsIgnoreCase(text)) {
                return Verdict.PASS;
            }
            if ("fail".equalsIgnoreCase(text)) {
                return Verdict.FAIL;
            }
            throw new ResultFileException(file, field + " must be pass or fail, but was "
                    + (text == null ? "missing" : "'" + text + "'"));
        }
        try {
            return Verdict.parse(field, text);
        } catch (IllegalArgumentException e) {
            throw new ResultFileException(file, e.getMessage());
        }
    }

    private static String requiredText(Path file, JsonNode n, String field) throws ResultFileException {
        String s = text(n);
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

    /** A masked text value; {@code null} for missing or JSON null; a non-text value as its JSON. */
    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return Secrets.mask(n.isValueNode() ? n.asText() : n.toString());
    }

    private static Long longOrNull(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asLong();
    }

    private static Long roundedOrNull(JsonNode n) {
        return n == null || !n.isNumber() ? null : Math.round(n.asDouble());
    }

    private static Double doubleOrNull(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }
}
