package io.chaosharness.chaos;

import java.util.List;
import java.util.Map;

/**
 * Cuts every connection without closing it: bandwidth 0 on both streams, as Testcontainers' {@code setConnectionCut}
 * does. Connections stay open and silent; held data is delivered once the fault is removed.
 */
public record ConnectionCut() implements Fault {

    @Override
    public String kind() {
        return "connection-cut";
    }

    @Override
    public String describe() {
        return "connection cut (bandwidth 0 both streams)";
    }

    @Override
    public List<ToxicSpec> toxics() {
        return List.of(
                ToxicSpec.of("cut-downstream", ToxicType.BANDWIDTH, Direction.DOWNSTREAM, Map.of("rate", 0L)),
                ToxicSpec.of("cut-upstream", ToxicType.BANDWIDTH, Direction.UPSTREAM, Map.of("rate", 0L)));
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        return new Applied(describe(), ctx.addToxics(toxics()));
    }
}
