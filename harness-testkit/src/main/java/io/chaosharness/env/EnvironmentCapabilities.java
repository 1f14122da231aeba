package io.chaosharness.env;

/**
 * What an environment can do, and what it runs; reports show these so a reader knows which faults were possible.
 *
 * @param provider             {@code embedded}, {@code containers} or {@code external}
 * @param postgresVersion      the server's {@code server_version}, e.g. {@code 17.11}
 * @param proxyImplementation  which Toxiproxy API answers, e.g. {@code embedded (Toxiproxy 2.12.0 API)}
 * @param canRestartDatabase   the environment owns the server and can shut it down and start it again
 * @param canTerminateBackends the harness may terminate its own backends (by {@code application_name})
 * @param canLimitConnections  the harness may lower the application role's connection limit (SQLState 53300)
 */
public record EnvironmentCapabilities(String provider, String postgresVersion, String proxyImplementation,
        boolean canRestartDatabase, boolean canTerminateBackends, boolean canLimitConnections) {
}
