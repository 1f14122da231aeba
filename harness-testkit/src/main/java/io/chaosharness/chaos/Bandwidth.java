package io.chaosharness.chaos;

import java.util.List;
import java.util.Map;

/**
 * Limits throughput to {@code rateKilobytesPerSecond} (KB = 1000 bytes; Toxiproxy {@code bandwidth}). A rate of 0
 * stalls the stream while keeping it open; {@link ConnectionCut} does that on both streams.
 */
public record Bandwidth(long rateKilobytesPerSecond, Direction direction, float toxicity) implements Fault {

    public Bandwidth {
        Check.nonNegative("rateKilobytesPerSecond", rateKilobytesPerSecond);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Downstream, every connection. */
    public Bandwidth(long rateKilobytesPerSecond) {
        this(rateKilobytesPerSecond, Direction.DOWNSTREAM, 1f);
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
    public List<ToxicSpec> toxics() {
        return List.of(new ToxicSpec(kind(), ToxicType.BANDWIDTH, direction, toxicity,
                Map.of("rate", rateKilobytesPerSecond)));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
