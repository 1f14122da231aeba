package io.chaosharness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Resets connections (Toxiproxy {@code reset_peer}): on the first data in that direction, wait {@code timeout}, then
 * close with RST. Idle pooled connections are not touched until they are used; connections opened while the fault
 * is active get a real RST. With {@code toxicity} below 1 only that share of connections (drawn per connection and
 * stream) is reset: a sustained partial fault.
 */
public record ResetPeer(Duration timeout, Direction direction, float toxicity) implements Fault {

    public ResetPeer {
        Check.nonNegative("timeout", timeout);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public ResetPeer(Duration timeout, Direction direction) {
        this(timeout, direction, 1f);
    }

    /** Immediate reset, upstream (on the first request bytes). */
    public static ResetPeer immediate() {
        return new ResetPeer(Duration.ZERO, Direction.UPSTREAM);
    }

    @Override
    public String kind() {
        return "reset-peer";
    }

    @Override
    public String describe() {
        return Check.toxicity("reset peer after " + Check.ms(timeout) + " " + FaultContext.stream(direction), toxicity);
    }

    @Override
    public List<ToxicSpec> toxics() {
        return List.of(new ToxicSpec(kind(), ToxicType.RESET_PEER, direction, toxicity,
                Map.of("timeout", timeout.toMillis())));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
