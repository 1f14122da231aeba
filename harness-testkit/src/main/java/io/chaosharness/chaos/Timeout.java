package io.chaosharness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A blackhole (Toxiproxy {@code timeout}): from the moment it is added, all data in that direction is dropped.
 * With {@code timeout} 0 the connection stays open and silent until the fault is removed, as when a network path
 * dies without a reset; with {@code timeout} &gt; 0 Toxiproxy closes the connection after that long without data.
 * A client notices only through its own socket timeout. Removing it closes the affected connections.
 */
public record Timeout(Duration timeout, Direction direction, float toxicity) implements Fault {

    public Timeout {
        Check.nonNegative("timeout", timeout);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public Timeout(Duration timeout, Direction direction) {
        this(timeout, direction, 1f);
    }

    /** Downstream blackhole that never closes by itself. */
    public static Timeout blackhole() {
        return new Timeout(Duration.ZERO, Direction.DOWNSTREAM);
    }

    @Override
    public String kind() {
        return "timeout";
    }

    @Override
    public String describe() {
        return Check.toxicity((timeout.isZero() ? "blackhole" : "timeout " + Check.ms(timeout)) + " " + FaultContext.stream(direction),
                toxicity);
    }

    @Override
    public List<ToxicSpec> toxics() {
        return List.of(new ToxicSpec(kind(), ToxicType.TIMEOUT, direction, toxicity,
                Map.of("timeout", timeout.toMillis())));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
