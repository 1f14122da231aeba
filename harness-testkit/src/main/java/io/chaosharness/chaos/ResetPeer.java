package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;

/**
 * Resets connections (Toxiproxy {@code reset_peer}): on the first data in that direction, wait {@code timeout}, then
 * close with RST. Idle pooled connections are not touched until they are used; connections opened while the fault
 * is active get a real RST. With {@code toxicity} below 1 only that share of connections (drawn per connection and
 * stream) is reset: a sustained partial fault.
 */
public record ResetPeer(Duration timeout, ToxicDirection direction, float toxicity) implements Fault {

    public ResetPeer {
        Check.nonNegative("timeout", timeout);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public ResetPeer(Duration timeout, ToxicDirection direction) {
        this(timeout, direction, 1f);
    }

    /** Immediate reset, upstream (on the first request bytes). */
    public static ResetPeer immediate() {
        return new ResetPeer(Duration.ZERO, ToxicDirection.UPSTREAM);
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
    public Applied apply(FaultContext ctx) throws Exception {
        var toxic = ctx.control("add reset_peer toxic",
                () -> ctx.proxy().toxics().resetPeer(ctx.toxicName(kind()), direction, timeout.toMillis()));
        return new Applied(describe(), ctx.withToxicity(toxic, toxicity));
    }
}
