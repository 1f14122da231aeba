package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;

/**
 * Splits data into small pieces of about {@code averageSize} ± {@code sizeVariation} bytes sent {@code delay} apart
 * (Toxiproxy {@code slicer}); exercises the driver's handling of partial reads.
 */
public record Slicer(int averageSize, int sizeVariation, Duration delay, ToxicDirection direction) implements Fault {

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
    public Applied apply(FaultContext ctx) throws Exception {
        long delayMicros = delay.toNanos() / 1000;
        var toxic = ctx.control("add slicer toxic",
                () -> ctx.proxy().toxics().slicer(ctx.toxicName(kind()), direction, averageSize, delayMicros));
        Removal removal = ctx.removeToxic(toxic);
        if (sizeVariation > 0) {
            try {
                ctx.control("set size_variation", () -> toxic.setSizeVariation(sizeVariation));
            } catch (Exception e) {
                removal.remove();
                throw e;
            }
        }
        return new Applied(describe(), removal);
    }
}
