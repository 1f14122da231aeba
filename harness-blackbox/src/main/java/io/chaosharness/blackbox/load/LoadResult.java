package io.chaosharness.blackbox.load;

import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.core.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an open-model run did: every request's outcome (journeys and health probes), in completion order, and what
 * was planned. A cancelled run keeps the outcomes that completed before the cancel; requests still outstanding then
 * are not outcomes of the application and are left out.
 *
 * @param load            the load that ran
 * @param plannedRequests journey requests planned ({@link LoadSettings#plannedRequests()})
 * @param plannedProbes   health probes planned
 * @param outcomes        one per request that was due (sent or not), in completion order
 * @param metrics         the reads of the spec's metrics endpoint, in completion order (empty without one)
 * @param start           the run's time zero (planned times count from it)
 * @param end             when the last outcome was recorded
 * @param cancelled       whether the run was cancelled before it finished
 */
public record LoadResult(LoadSettings load, long plannedRequests, long plannedProbes, List<RequestOutcome> outcomes,
                         List<MetricsSample> metrics, Instant start, Instant end, boolean cancelled) {

    public LoadResult {
        Objects.requireNonNull(load, "load");
        outcomes = List.copyOf(outcomes);
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** The journeys' requests (health probes left out). */
    public List<RequestOutcome> requests() {
        return outcomes.stream().filter(o -> o.user() >= 0).toList();
    }

    /** The health probes. */
    public List<RequestOutcome> healthProbes() {
        return outcomes.stream().filter(o -> o.user() < 0).toList();
    }

    /** Journey requests that did not succeed. */
    public long errors() {
        return requests().stream().filter(o -> !o.success()).count();
    }

    /** Journey requests answered with the application's fallback. */
    public long fallbacks() {
        return requests().stream().filter(RequestOutcome::fallback).count();
    }

    /** A percentile (0..100) of the journey requests' latency from their planned time, in ms; NaN when none. */
    public double latencyPercentileMs(double p) {
        double[] v = requests().stream().mapToDouble(RequestOutcome::latencyMs).toArray();
        return v.length == 0 ? Double.NaN : Percentiles.of(v, p);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
