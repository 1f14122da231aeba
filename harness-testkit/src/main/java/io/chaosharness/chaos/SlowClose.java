package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;

/** Delays the close of a connection by {@code delay} after EOF (Toxiproxy {@code slow_close}). */
public record SlowClose(Duration delay, ToxicDirection direction, float toxicity) implements Fault {

    public SlowClose {
        Check.nonNegative("delay", delay);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public SlowClose(Duration delay, ToxicDirection direction) {
        this(delay, direction, 1f);
    }

    /** Downstream. */
    public SlowClose(Duration delay) {
        this(delay, ToxicDirection.DOWNSTREAM);
    }

    @Override
    public String kind() {
        return "slow-close";
    }

    @Override
    public String describe() {
        return Check.toxicity("slow close " + Check.ms(delay) + " " + FaultContext.stream(direction),
                toxicity);
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        var toxic = ctx.control("add slow_close toxic",
                () -> ctx.proxy().toxics().slowClose(ctx.toxicName(kind()), direction, delay.toMillis()));
        return new Applied(describe(), ctx.withToxicity(toxic, toxicity));
    }
}
