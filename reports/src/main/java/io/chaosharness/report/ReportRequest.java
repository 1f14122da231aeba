package io.chaosharness.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to read and where to write. Immutable; build with {@link #builder()}:
 * <pre>{@code
 * ReportRequest request = ReportRequest.builder()
 *         .results(Path.of("scenarios/target/resilience-results"))
 *         .gatling(Path.of("gatling/target/gatling-results"))
 *         .out(Path.of("target/resilience-report"))
 *         .build();
 * }</pre>
 * Input folders need not exist: a missing folder is reported as a note, and a report without results says so.
 *
 * @param results  folders of scenario result files ({@code *.json}); a path may also name one file
 * @param gatling  folder of Gatling key-figure files, if any
 * @param history  folder of earlier runs (earlier {@code summary.json} files, or earlier results folders), if any
 * @param out      the folder that receives {@code index.html} and {@code summary.json}; created if missing
 */
public record ReportRequest(List<Path> results, Optional<Path> gatling, Optional<Path> history, Path out) {

    public ReportRequest {
        Objects.requireNonNull(results, "results");
        results = List.copyOf(results);
        Objects.requireNonNull(gatling, "gatling");
        Objects.requireNonNull(history, "history");
        if (out == null) {
            throw new IllegalArgumentException("out must name the output folder, but was missing");
        }
        if (results.isEmpty() && gatling.isEmpty()) {
            throw new IllegalArgumentException("results must name at least one folder (or gatling one), but both were missing");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the request's parts; {@link #build()} validates them. */
    public static final class Builder {
        private final List<Path> results = new ArrayList<>();
        private Path gatling;
        private Path history;
        private Path out;

        private Builder() {
        }

        /** Adds a results folder (may be called more than once). */
        public Builder results(Path folder) {
            results.add(Objects.requireNonNull(folder, "results"));
            return this;
        }

        public Builder gatling(Path folder) {
            this.gatling = folder;
            return this;
        }

        public Builder history(Path folder) {
            this.history = folder;
            return this;
        }

        public Builder out(Path folder) {
            this.out = folder;
            return this;
        }

        public ReportRequest build() {
            return new ReportRequest(results, Optional.ofNullable(gatling), Optional.ofNullable(history), out);
        }
    }
}
