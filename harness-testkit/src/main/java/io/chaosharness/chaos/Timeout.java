package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;

/**
 * A blackhole (Toxiproxy {@code timeout}): from the moment it is added, all data in that direction is dropped.
 * With {@code timeout} 0 the connection stays open and silent until the fault is removed, as when a network path
 * dies without a reset; with {@code timeout} &gt; 0 Toxiproxy closes the connection after that long without data.
 * A client notices only through its own socket timeout. Removing it closes the affected connections.
 */
public record Timeout(Duration timeout, ToxicDirection direction, float toxicity) implements Fault {

    public Timeout {
        Check.nonNegative("timeout", timeout);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public Timeout(Duration timeout, ToxicDirection direction) {
        this(timeout, direction, 1f);
    }

    /** Downstream blackhole that never closes by itself. */
    public static Timeout blackhole() {
        return new Timeout(Duration.ZERO, ToxicDirection.DOWNSTREAM);
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
    public Applied apply(FaultContext ctx) throws Exception {
        var toxic = ctx.control("add timeout toxic",
                () -> ctx.proxy().toxics().timeout(ctx.toxicName(kind()), direction, timeout.toMillis()));
        return new Applied(describe(), ctx.withToxicity(toxic, toxicity));
    }
}
