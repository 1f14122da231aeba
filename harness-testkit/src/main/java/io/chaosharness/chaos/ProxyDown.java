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
        ToxiproxyDriver proxy = ctx.toxiproxy();
        proxy.setEnabled(false);
        return new Applied(describe(), () -> proxy.setEnabled(true));
    }
}
