package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;

/**
 * Delays every chunk by {@code latency} ± {@code jitter} (Toxiproxy {@code latency}). The embedded proxy draws the
 * jitter from its seed, so a run can be replayed.
 */
public record Latency(Duration latency, Duration jitter, ToxicDirection direction, float toxicity) implements Fault {

    public Latency {
        Check.nonNegative("latency", latency);
        Check.nonNegative("jitter", jitter);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Downstream (server to client), every connection. */
    public Latency(Duration latency, Duration jitter) {
        this(latency, jitter, ToxicDirection.DOWNSTREAM, 1f);
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
    public Applied apply(FaultContext ctx) throws Exception {
        String name = ctx.toxicName(kind());
        var toxic = ctx.control("add latency toxic",
                () -> ctx.proxy().toxics().latency(name, direction, latency.toMillis()));
        Removal removal = ctx.withToxicity(toxic, toxicity);
        if (!jitter.isZero()) {
            try {
                ctx.control("set jitter", () -> toxic.setJitter(jitter.toMillis()));
            } catch (Exception e) {
                removal.remove();
                throw e;
            }
        }
        return new Applied(describe(), removal);
    }
}
