package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.model.ToxicDirection;

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
    public Applied apply(FaultContext ctx) throws Exception {
        var down = ctx.control("add downstream cut",
                () -> ctx.proxy().toxics().bandwidth(ctx.toxicName("cut-downstream"), ToxicDirection.DOWNSTREAM, 0));
        Removal removeDown = ctx.removeToxic(down);
        Removal removeUp;
        try {
            var up = ctx.control("add upstream cut",
                    () -> ctx.proxy().toxics().bandwidth(ctx.toxicName("cut-upstream"), ToxicDirection.UPSTREAM, 0));
            removeUp = ctx.removeToxic(up);
        } catch (Exception e) {
            removeDown.remove();
            throw e;
        }
        return new Applied(describe(), () -> {
            try {
                removeUp.remove();
            } finally {
                removeDown.remove();
            }
        });
    }
}
