package io.chaosharness.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a simulation knows that Gatling's report does not: when it ran, against what, how many emergency-admin
 * responses it saw, the faults it injected, recovery times and the criteria Gatling's assertions cannot express. The
 * simulation writes it in {@code after()} to {@code target/gatling-sidecar/<simulation>.json};
 * {@link GatlingResults} merges it with Gatling's own figures into the result JSON.
 */
final class RunRecord {

    /** A criterion checked by the simulation itself (Gatling assertions are read from Gatling's report). */
    record Criterion(String description, boolean passed, String measured) {
    }

    /** A fault window; offsets from {@code startedAt}. */
    record Fault(String id, String kind, String description, long startOffsetMs, long durationMs) {
    }

    /** Recovery after one fault: ms from its end to the first of 3 consecutive 1 s windows with p99 under 100 ms. */
    record Recovery(String faultId, Long toP99Under100msMs, long limitMs) {
    }

    public String simulation;
    public String target;
    public Instant startedAt;
    public long durationMs;
    public int users;
    public long emergencyAdminResponses;
    public long responsesSeen;
    public List<Fault> faults = new CopyOnWriteArrayList<>();
    public List<Recovery> recovery = new ArrayList<>();
    public List<Criterion> criteria = new ArrayList<>();
    public List<long[]> p99Series = new ArrayList<>();
    public long p99SeriesBucketMs;
    public String error;

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Path sidecarDir() {
        return Path.of(Params.string("harness.gatling.sidecar", "target/gatling-sidecar"));
    }

    void write() {
        try {
            Files.createDirectories(sidecarDir());
            JSON.writerWithDefaultPrettyPrinter().writeValue(sidecarDir().resolve(simulation + ".json").toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run record of " + simulation, e);
        }
    }
}
