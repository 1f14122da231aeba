package io.chaosharness.chaos;

/**
 * Takes the proxy down ({@code enabled:false}): its listener closes, so new connections are refused, and every
 * existing connection through it is closed. Removing the fault enables it again on the same address.
 */
public record ProxyDown() implements Fault {

    @Override
    public String kind() {
        return "proxy-down";
    }

    @Override
    public String describe() {
        return "proxy disabled";
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        var proxy = ctx.proxy();
        ctx.controlRun("disable proxy " + proxy.getName(), proxy::disable);
        return new Applied(describe(), () -> ctx.controlRun("enable proxy " + proxy.getName(), proxy::enable));
    }
}
