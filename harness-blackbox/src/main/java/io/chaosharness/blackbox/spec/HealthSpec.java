package io.chaosharness.blackbox.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The application's health endpoint: probed every {@code interval} during a run (open model, like the journeys), its
 * latency judged against {@code latencyTarget} and its status against the truth (is it reporting unhealthy while the
 * database is down?).
 *
 * @param path          path on the base URL, e.g. {@code /health}
 * @param expect        the statuses of a healthy answer (default {@code [200]}); anything else reads as "unhealthy"
 * @param latencyTarget the target for the health endpoint's latency (default 500 ms, the seed plan's)
 * @param interval      time between probes, 100 ms..1 min (default 1 s)
 * @param location      the {@code health} block's line
 */
public record HealthSpec(Template path, Set<Integer> expect, Duration latencyTarget, Duration interval,
                         SpecLocation location) {

    public static final Duration DEFAULT_LATENCY_TARGET = Duration.ofMillis(500);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public HealthSpec {
        Objects.requireNonNull(path, "path");
        expect = Set.copyOf(expect);
        Objects.requireNonNull(latencyTarget, "latencyTarget");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(location, "location");
    }
}
