package io.chaosharness.env;

import io.chaosharness.proxy.ToxiproxyServer;
import io.chaosharness.proxy.ToxiproxyServerConfig;
import java.net.URI;

/** Starts the harness's embedded Toxiproxy-compatible server ({@code io.chaosharness.proxy}) on a free port. */
final class EmbeddedProxyLauncher implements ProxyLauncher {

    static final EmbeddedProxyLauncher INSTANCE = new EmbeddedProxyLauncher();

    private EmbeddedProxyLauncher() {
    }

    @Override
    public RunningProxy start(long seed) {
        ToxiproxyServer server = ToxiproxyServer.start(
                ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(seed).build());
        return new RunningProxy() {
            @Override
            public URI api() {
                return server.apiUri();
            }

            @Override
            public String implementation() {
                return "embedded";
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
