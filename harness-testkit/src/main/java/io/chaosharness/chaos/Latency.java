package io.chaosharness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Delays every chunk by {@code latency} ± {@code jitter} (Toxiproxy {@code latency}). The embedded proxy draws the
 * jitter from its seed, so a run can be replayed.
 */
public record Latency(Duration latency, Duration jitter, Direction direction, float toxicity) implements Fault {

    public Latency {
        Check.nonNegative("latency", latency);
        Check.nonNegative("jitter", jitter);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Downstream (server to client), every connection. */
    public Latency(Duration latency, Duration jitter) {
        this(latency, jitter, Direction.DOWNSTREAM, 1f);
    }

    @Override
    public String kind() {
        return "latency";
    }

    @Override
    public String describe() {
        return Check.toxicity("latency " + Check.ms(latency) + " ±" + Check.ms(jitter) + " "
                + FaultContext.stream(direction), toxicity);
    }

    @Override
    public List<ToxicSpec> toxics() {
        return List.of(new ToxicSpec(kind(), ToxicType.LATENCY, direction, toxicity,
                Map.of("latency", latency.toMillis(), "jitter", jitter.toMillis())));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
