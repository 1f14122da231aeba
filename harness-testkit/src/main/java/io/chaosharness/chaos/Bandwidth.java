package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;

/**
 * Limits throughput to {@code rateKilobytesPerSecond} (KB = 1000 bytes; Toxiproxy {@code bandwidth}). A rate of 0
 * stalls the stream while keeping it open; {@link ConnectionCut} does that on both streams.
 */
public record Bandwidth(long rateKilobytesPerSecond, ToxicDirection direction, float toxicity) implements Fault {

    public Bandwidth {
        Check.nonNegative("rateKilobytesPerSecond", rateKilobytesPerSecond);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Downstream, every connection. */
    public Bandwidth(long rateKilobytesPerSecond) {
        this(rateKilobytesPerSecond, ToxicDirection.DOWNSTREAM, 1f);
    }

    @Override
    public String kind() {
        return "bandwidth";
    }

    @Override
    public String describe() {
        return Check.toxicity("bandwidth " + rateKilobytesPerSecond + " KB/s " + FaultContext.stream(direction), toxicity);
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        var toxic = ctx.control("add bandwidth toxic",
                () -> ctx.proxy().toxics().bandwidth(ctx.toxicName(kind()), direction, rateKilobytesPerSecond));
        return new Applied(describe(), ctx.withToxicity(toxic, toxicity));
    }
}
