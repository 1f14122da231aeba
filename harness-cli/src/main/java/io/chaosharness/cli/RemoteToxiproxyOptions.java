package io.chaosharness.cli;

import io.chaosharness.core.Secrets;
import io.chaosharness.env.EnvironmentKind;
import io.chaosharness.env.EnvironmentSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --toxiproxy URL --proxy NAME [--allow-remote-toxiproxy]}: drive an existing Toxiproxy (the real one or
 * {@code ./harness proxy}) that sits between a staging application and its database, instead of the harness's own
 * local proxy. A picocli mixin, so a command adds it with one {@code @Mixin} field.
 *
 * <p>What the run may touch, and the refusals that keep it there:
 * <ul>
 *   <li>only the proxy NAME: it must exist (the run never creates or deletes a proxy there), be enabled and carry no
 *       toxic; every toxic the run adds is removed at the end and on Ctrl-C/SIGTERM, and the proxy is enabled again;
 *       the server is never {@code /reset};</li>
 *   <li>the database behind it is the one the user names ({@code --env external} with {@code --target-url} /
 *       {@code HARNESS_TARGET_URL}: credentials for the harness's own connections through the proxy, and the only
 *       database a database-level fault may reach, with {@code --allow-database-faults});</li>
 *   <li>the Toxiproxy URL must be a loopback address (a tunnel or a port-forward to staging) unless
 *       {@code --allow-remote-toxiproxy} says otherwise: a typo in a host name must not put someone else's proxy under
 *       fault.</li>
 * </ul>
 */
public final class RemoteToxiproxyOptions {

    @Option(names = "--toxiproxy", paramLabel = "URL",
            description = "An existing Toxiproxy's API (http://127.0.0.1:8474) between your application and its "
                    + "database: faults go to its proxy --proxy NAME (needs --env external and the target URL).")
    URI toxiproxy;

    @Option(names = "--proxy", paramLabel = "NAME",
            description = "The existing proxy on --toxiproxy to drive; the only one touched, never created or deleted.")
    String proxy;

    @Option(names = "--allow-remote-toxiproxy",
            description = "Allows a --toxiproxy URL that is not a loopback address.")
    boolean allowRemote;

    /** Whether {@code --toxiproxy} or {@code --proxy} was given. */
    public boolean given() {
        return toxiproxy != null || proxy != null;
    }

    /** {@code --toxiproxy}, once {@link #applyTo} accepted it. */
    public Optional<URI> toxiproxy() {
        return Optional.ofNullable(toxiproxy);
    }

    /** {@code --proxy}, once {@link #applyTo} accepted it. */
    public Optional<String> proxy() {
        return Optional.ofNullable(proxy);
    }

    /**
     * Validates the options against the environment {@code kind} and sets them on {@code settings}; does nothing when
     * neither option was given.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public void applyTo(EnvironmentKind kind, EnvironmentSettings.Builder settings) {
        if (!given()) {
            if (allowRemote) {
                throw new IllegalArgumentException("--allow-remote-toxiproxy only matters with --toxiproxy URL");
            }
            return;
        }
        if (toxiproxy == null) {
            throw new IllegalArgumentException("--proxy needs --toxiproxy URL (the Toxiproxy API it is on)");
        }
        if (proxy == null || proxy.isBlank()) {
            throw new IllegalArgumentException("--toxiproxy needs --proxy NAME: the existing proxy between your "
                    + "application and its database (the run creates none there)");
        }
        if (kind != EnvironmentKind.EXTERNAL) {
            throw new IllegalArgumentException("--toxiproxy needs --env external and the database behind the proxy ("
                    + EnvironmentSettings.TARGET_URL_VARIABLE + " or --target-url), but --env is " + kind.id());
        }
        // Toxiproxy's API is plain HTTP (toxiproxy-java speaks nothing else); TLS belongs to a tunnel in front
        if (toxiproxy.getHost() == null || !"http".equalsIgnoreCase(toxiproxy.getScheme())) {
            throw new IllegalArgumentException("--toxiproxy must be an http://host:port URL, but was '"
                    + Secrets.mask(toxiproxy.toString()) + "'");
        }
        if (toxiproxy.getPort() < 0) {
            toxiproxy = URI.create(toxiproxy.getScheme() + "://" + toxiproxy.getRawAuthority() + ":8474");
        }
        if (!allowRemote && !isLoopback(toxiproxy.getHost())) {
            throw new IllegalArgumentException("--toxiproxy " + toxiproxy + " is not a loopback address: add "
                    + "--allow-remote-toxiproxy to put a proxy on another host under fault");
        }
        settings.toxiproxyUrl(toxiproxy).existingProxy("--proxy", proxy);
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host.replace("[", "").replace("]", ""))) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
