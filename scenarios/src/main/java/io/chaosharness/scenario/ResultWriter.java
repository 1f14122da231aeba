package io.chaosharness.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a {@link ScenarioResult} as {@code <dir>/<scenario>.json} (docs/result-schema.md, schema version 1):
 * timestamps as ISO-8601 UTC strings with milliseconds, durations in milliseconds, every string passed through
 * {@link Secrets#mask(String)}. A long run's successful attempts are thinned to at most {@link #MAX_ATTEMPT_EVENTS}
 * (every failure is kept; operation events are never thinned). The file is written to a temporary name and moved
 * into place, so a reader never sees half a document.
 */
public final class ResultWriter {

    /** Most {@code attempt} events a file keeps; failures are always kept. */
    public static final int MAX_ATTEMPT_EVENTS = 20_000;

    private static final Pattern SAFE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final ObjectMapper MAPPER = mapper();

    private ResultWriter() {
    }

    /** The mapper used for result files (also reads them back). */
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
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Writes {@code result} to {@code dir/<scenario>.json}, creating {@code dir}; returns the file.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static Path write(ScenarioResult result, Path dir) {
        if (!SAFE_ID.matcher(result.scenario()).matches()) {
            throw new IllegalArgumentException("scenario id must match " + SAFE_ID + " to name a file, but was '"
                    + result.scenario() + "'");
        }
        Path file = dir.resolve(result.scenario() + ".json");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + result.scenario() + "-", ".json.tmp");
            try {
                MAPPER.writeValue(tmp.toFile(), thinned(result));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a result file back as a JSON tree (tests, tools); rejects a schema version other than 1. */
    public static JsonNode read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            int version = node.path("schemaVersion").asInt(-1);
            if (version != ScenarioResult.SCHEMA_VERSION) {
                throw new IllegalArgumentException(file + ": schemaVersion must be " + ScenarioResult.SCHEMA_VERSION
                        + ", but was " + node.path("schemaVersion"));
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code result} with successful attempt events thinned to at most {@link #MAX_ATTEMPT_EVENTS} in total. */
    static ScenarioResult thinned(ScenarioResult result) {
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
}
