package io.chaosharness.env;

/** Starts the harness's embedded Toxiproxy-compatible server ({@code io.chaosharness.proxy}). */
final class EmbeddedProxyLauncher implements ProxyLauncher {

    static final EmbeddedProxyLauncher INSTANCE = new EmbeddedProxyLauncher();

    private EmbeddedProxyLauncher() {
    }

    @Override
    public RunningProxy start(long seed) {
        // Wired to io.chaosharness.proxy.ToxiproxyServer once it is on main.
        throw new UnsupportedOperationException("the embedded proxy (io.chaosharness.proxy) is not available yet");
    }
}
