package io.chaosharness.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.result.FaultRecord;
import io.chaosharness.result.GatlingResult;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.ResultFiles;
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
 * {@link GatlingResults} merges it with Gatling's own figures into the result JSON (a {@link GatlingResult}). Its
 * parts are the result schema's types, so they pass into the result unchanged.
 */
final class RunRecord {

    public String simulation;
    public String target;
    public Instant startedAt;
    public long durationMs;
    public int users;
    public long emergencyAdminResponses;
    public long responsesSeen;
    /** Fault windows, offsets from {@code startedAt}. */
    public List<FaultRecord> faults = new CopyOnWriteArrayList<>();
    /** Per fault: ms from its end to the first of 3 consecutive 1 s windows with p99 under 100 ms, and the limit. */
    public List<Recovery> recovery = new ArrayList<>();
    /** Criteria checked by the simulation itself (Gatling assertions are read from Gatling's report). */
    public List<GatlingResult.Assertion> criteria = new ArrayList<>();
    public List<long[]> p99Series = new ArrayList<>();
    public long p99SeriesBucketMs;
    public String error;

    /** The result schema's mapper: the record's strings are masked like every result file's. */
    static final ObjectMapper JSON = ResultFiles.mapper();

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
