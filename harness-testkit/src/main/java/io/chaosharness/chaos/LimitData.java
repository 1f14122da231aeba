package io.chaosharness.chaos;

import java.util.List;
import java.util.Map;

/** Closes each connection once {@code bytes} have passed in that direction (Toxiproxy {@code limit_data}). */
public record LimitData(long bytes, Direction direction, float toxicity) implements Fault {

    public LimitData {
        Check.nonNegative("bytes", bytes);
        Check.direction(direction);
        Check.toxicity(toxicity);
    }

    /** Every connection. */
    public LimitData(long bytes, Direction direction) {
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
    public List<ToxicSpec> toxics() {
        return List.of(new ToxicSpec(kind(), ToxicType.LIMIT_DATA, direction, toxicity,
                Map.of("bytes", bytes)));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
