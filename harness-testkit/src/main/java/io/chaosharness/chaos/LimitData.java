package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;

/** Closes each connection once {@code bytes} have passed in that direction (Toxiproxy {@code limit_data}). */
public record LimitData(long bytes, ToxicDirection direction, float toxicity) implements Fault {

    public LimitData {
        Check.nonNegative("bytes", bytes);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public LimitData(long bytes, ToxicDirection direction) {
        this(bytes, direction, 1f);
    }

    @Override
    public String kind() {
        return "limit-data";
    }

    @Override
    public String describe() {
        return Check.toxicity("limit data " + bytes + " bytes " + FaultContext.stream(direction),
                toxicity);
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        var toxic = ctx.control("add limit_data toxic",
                () -> ctx.proxy().toxics().limitData(ctx.toxicName(kind()), direction, bytes));
        return new Applied(describe(), ctx.withToxicity(toxic, toxicity));
    }
}
