package io.chaosharness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Delays the close of a connection by {@code delay} after EOF (Toxiproxy {@code slow_close}). */
public record SlowClose(Duration delay, Direction direction, float toxicity) implements Fault {

    public SlowClose {
        Check.nonNegative("delay", delay);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public SlowClose(Duration delay, Direction direction) {
        this(delay, direction, 1f);
    }

    /** Downstream. */
    public SlowClose(Duration delay) {
        this(delay, Direction.DOWNSTREAM);
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
    public List<ToxicSpec> toxics() {
        return List.of(new ToxicSpec(kind(), ToxicType.SLOW_CLOSE, direction, toxicity,
                Map.of("delay", delay.toMillis())));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
