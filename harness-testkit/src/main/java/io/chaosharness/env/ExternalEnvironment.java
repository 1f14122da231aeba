package io.chaosharness.env;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import io.chaosharness.env.internal.BoundedCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database the user names ({@code HARNESS_TARGET_URL}, e.g. staging), with the embedded proxy in front of it, or a
 * real Toxiproxy at {@code HARNESS_TOXIPROXY_URL} — on a proxy of the harness's own there, or, with
 * {@code HARNESS_TOXIPROXY_PROXY} ({@link EnvironmentSettings#existingProxy()}), on the existing proxy between a staging
 * application and its database, which is then the only thing touched on that Toxiproxy. Nothing is started or changed on the database side: it cannot be
 * restarted, the role's connection limit is never touched, and terminating backends is off unless
 * {@code HARNESS_ALLOW_DB_FAULTS=true} — and then only backends whose {@code application_name} is the harness's own.
 */
public final class ExternalEnvironment extends AbstractChaosEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalEnvironment.class);

    private final TargetUrl target;
    private final ProxyLauncher proxyLauncher;
    private ProxyLauncher.RunningProxy ownProxy;
    private String proxyName;
    /** Driving an existing proxy the user named ({@link EnvironmentSettings#existingProxy()}): never deleted. */
    private boolean adopted;

    ExternalEnvironment(EnvironmentSettings settings, ProxyLauncher proxyLauncher) {
        super(settings);
        this.target = settings.targetUrl().orElseThrow(() -> new IllegalArgumentException(
                EnvironmentSettings.TARGET_URL_VARIABLE + " must name the database for "
                        + EnvironmentKind.ENV_VARIABLE + "=external, but was not set"));
        this.proxyLauncher = Objects.requireNonNull(proxyLauncher, "proxyLauncher");
    }

    @Override
    String providerName() {
        return EnvironmentKind.EXTERNAL.id();
    }

    @Override
    boolean ownsProxyServer() {
        return settings.toxiproxyUrl().isEmpty();
    }

    /** The database named by the user (password masked in its {@code toString}). */
    public TargetUrl target() {
        return target;
    }

    @Override
    public synchronized ExternalEnvironment start() {
        if (isRunning()) {
            return this;
        }
        try {
            admin(target.dataSource(settings.applicationName() + "-admin"));
            URI api;
            String implementation;
            String listenHost;
            if (settings.existingProxy().isPresent()) {
                api = settings.toxiproxyUrl().orElseThrow();
                proxyName = settings.existingProxy().get();
                Proxy existing = adoptProxy(api, proxyName, target);
                adopted = true;
                running(true);
                boolean backends = settings.allowDatabaseFaults();
                capabilities(new EnvironmentCapabilities(providerName(), queryServerVersion(),
                        "Toxiproxy " + proxyApiVersion() + " at " + api + ", existing proxy '" + proxyName + "' ("
                                + existing.getListen() + " -> " + existing.getUpstream() + ")",
                        false, backends, false));
                LOG.info("external: ready; target {} through the existing proxy '{}' (database-level faults {})",
                        target.masked(), proxyName, backends ? "allowed for application_name=" + applicationName()
                                : "off");
                return this;
            } else if (settings.toxiproxyUrl().isPresent()) {
                api = settings.toxiproxyUrl().get();
                // A shared Toxiproxy may serve others: use a name of our own and never /reset the whole server.
                proxyName = "chaos-harness-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
                listenHost = isLoopback(api.getHost()) ? "127.0.0.1" : "0.0.0.0";
                implementation = null;
            } else {
                ownProxy = proxyLauncher.start(settings.seed());
                api = ownProxy.api();
                proxyName = DATABASE_PROXY;
                listenHost = "127.0.0.1";
                implementation = ownProxy.implementation();
            }
            connectProxy(api, proxyName, listenHost + ":0", target.host() + ":" + target.port(), target,
                    api.getHost(), 0);
            running(true);
            implementation = implementation == null
                    ? "Toxiproxy " + proxyApiVersion() + " at " + api
                    : implementation + " (Toxiproxy " + proxyApiVersion() + " API)";
            boolean backends = settings.allowDatabaseFaults();
            capabilities(new EnvironmentCapabilities(providerName(), queryServerVersion(), implementation,
                    false, backends, false));
            LOG.info("external: ready; target {} through {} (database-level faults {})", target.masked(),
                    maskedDatabaseUrl(), backends ? "allowed for application_name=" + applicationName() : "off");
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void stopDatabase() {
        throw new UnsupportedOperationException("external environment does not own the database "
                + target.masked() + ": it cannot be stopped or restarted");
    }

    @Override
    public void startDatabase() {
        stopDatabase();
    }

    /**
     * On an existing proxy: removes only the toxics the harness added (named {@link #TOXIC_PREFIX}...) and enables it
     * again (it was enabled when the run started); nothing else on that Toxiproxy is touched. Otherwise as for every
     * environment.
     */
    @Override
    public void resetProxy() {
        if (!adopted) {
            super.resetProxy();
            return;
        }
        requireRunning();
        Proxy proxy = databaseProxy();
        Duration timeout = settings.controlTimeout();
        try {
            for (Toxic toxic : BoundedCalls.call("GET toxics of " + proxyName, timeout, () -> proxy.toxics().getAll())) {
                if (toxic.getName().startsWith(TOXIC_PREFIX)) {
                    BoundedCalls.run("DELETE toxic " + toxic.getName(), timeout, toxic::remove);
                }
            }
            BoundedCalls.run("enable proxy " + proxyName, timeout, proxy::enable);
        } catch (IOException e) {
            throw new UncheckedIOException(providerName() + ": reset of the existing proxy '" + proxyName
                    + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        boolean wasRunning = isRunning();
        if (adopted && wasRunning) {
            try {
                resetProxy(); // the user's proxy is left as it was found: enabled, none of the harness's toxics
            } catch (RuntimeException e) {
                LOG.warn("external: could not restore the existing proxy '{}': {}", proxyName, e.toString());
            }
        }
        running(false);
        if (!adopted && !ownsProxyServer() && wasRunning && clientOrNull() != null) {
            try {
                deleteProxyIfPresent(proxyName);
            } catch (IOException | RuntimeException e) {
                LOG.warn("external: could not delete proxy '{}': {}", proxyName, e.toString());
            }
        }
        forgetProxy();
        if (ownProxy != null) {
            ownProxy.close();
            ownProxy = null;
        }
    }
}
