package io.chaosharness.env;

import java.net.URI;

/**
 * Starts a Toxiproxy-compatible API server for an environment that runs its own proxy. The default is the
 * harness's embedded server; tests may hand in another.
 */
@FunctionalInterface
public interface ProxyLauncher {

    /** Starts a server with the given seed for its randomness; the handle stops it. */
    RunningProxy start(long seed);

    /** A running proxy server. */
    interface RunningProxy extends AutoCloseable {

        /** Base URI of the API, e.g. {@code http://127.0.0.1:41234}. */
        URI api();

        /** Name and API version for reports, e.g. {@code embedded (Toxiproxy 2.12.0 API)}. */
        String implementation();

        /** Stops the server and every listener it opened. */
        @Override
        void close();
    }
}
