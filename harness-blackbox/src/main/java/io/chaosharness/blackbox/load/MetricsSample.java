package io.chaosharness.blackbox.load;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One read of the spec's metrics endpoint during a run.
 *
 * @param at     when the answer came (or the read failed)
 * @param values the values the spec names that the answer held ({@code poolActive}, {@code retries}, ...); a value
 *               missing from the answer is missing here, never zero
 * @param error  why the read failed ({@code null} when it answered 2xx)
 */
public record MetricsSample(Instant at, Map<String, Double> values, String error) {

    public MetricsSample {
        Objects.requireNonNull(at, "at");
        values = Map.copyOf(values);
    }
}
