package io.chaosharness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Splits data into small pieces of about {@code averageSize} ± {@code sizeVariation} bytes sent {@code delay} apart
 * (Toxiproxy {@code slicer}); exercises the driver's handling of partial reads.
 */
public record Slicer(int averageSize, int sizeVariation, Duration delay, Direction direction) implements Fault {

    public Slicer {
        if (averageSize < 1) {
            throw new IllegalArgumentException("averageSize must be at least 1 byte, but was " + averageSize);
        }
        if (sizeVariation < 0 || sizeVariation >= averageSize) {
            throw new IllegalArgumentException("sizeVariation must be between 0 and averageSize - 1 ("
                    + (averageSize - 1) + "), but was " + sizeVariation);
        }
        Check.nonNegative("delay", delay);
        Check.direction(direction);
    }

    @Override
    public String kind() {
        return "slicer";
    }

    @Override
    public String describe() {
        return "slicer " + averageSize + "±" + sizeVariation + " bytes every " + delay.toNanos() / 1000 + "µs "
                + FaultContext.stream(direction);
    }

    @Override
    public List<ToxicSpec> toxics() {
        return List.of(ToxicSpec.of(kind(), ToxicType.SLICER, direction, Map.of("average_size",
                (long) averageSize, "size_variation", (long) sizeVariation, "delay", delay.toNanos() / 1000)));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
