package io.chaosharness.env;

import io.chaosharness.env.internal.EmbeddedPostgresServer;
import io.chaosharness.env.internal.InstanceRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 run by the harness from Maven-provided binaries, with the embedded Toxiproxy-compatible proxy in
 * front; no Docker needed. Random free ports; the data directory lives in the instance registry
 * ({@code ${java.io.tmpdir}/chaos-harness/instances/<id>/}) so that a JVM killed with SIGKILL leaves nothing the
 * next start does not clean up ({@link InstanceRegistry#reapStale()}).
 */
public final class EmbeddedEnvironment extends AbstractChaosEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEnvironment.class);

    private final ProxyLauncher proxyLauncher;
    private final InstanceRegistry registry;
    private InstanceRegistry.Instance instance;
    private EmbeddedPostgresServer server;
    private ProxyLauncher.RunningProxy proxyServer;
    private Thread shutdownHook;
    private long startMillis = -1;

    EmbeddedEnvironment(EnvironmentSettings settings, ProxyLauncher proxyLauncher, InstanceRegistry registry) {
        super(settings);
        this.proxyLauncher = Objects.requireNonNull(proxyLauncher, "proxyLauncher");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    String providerName() {
        return EnvironmentKind.EMBEDDED.id();
    }

    @Override
    boolean ownsProxyServer() {
        return true;
    }

    @Override
    public synchronized EmbeddedEnvironment start() {
        if (isRunning()) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            List<String> reaped = registry.reapStale();
            if (!reaped.isEmpty()) {
                LOG.info("embedded: cleaned up {} stale instance(s) of dead JVMs: {}", reaped.size(), reaped);
            }
            instance = registry.create("embedded");
            shutdownHook = new Thread(this::close, "chaos-harness-" + instance.id() + "-closer");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            server = EmbeddedPostgresServer.start(instance.dataDir(), settings.startupTimeout());
            DataSource admin = server.superuserDataSource("postgres");
            admin(admin);
            String password = newPassword();
            createApplicationRole(admin, password);
            requirePasswordForApplicationRole(instance.dataDir(), admin);
            proxyServer = proxyLauncher.start(settings.seed());
            TargetUrl direct = new TargetUrl(APP_ROLE, password, "127.0.0.1", server.port(), APP_DATABASE, null);
            connectProxy(proxyServer.api(), DATABASE_PROXY, "127.0.0.1:0", "127.0.0.1:" + server.port(), direct,
                    "127.0.0.1", 0);
            running(true);
            capabilities(new EnvironmentCapabilities(providerName(), queryServerVersion(),
                    proxyServer.implementation() + " (Toxiproxy " + proxyApiVersion() + " API)", true, true, true));
            startMillis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("embedded: ready in {} ms (instance {}, PostgreSQL {} on 127.0.0.1:{}, {})", startMillis,
                    instance.id(), capabilities().postgresVersion(), server.port(), maskedDatabaseUrl());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Milliseconds the last {@link #start()} took until ready, or -1 before. */
    public long startMillis() {
        return startMillis;
    }

    /** The instance id (its directory name in the registry). */
    public String instanceId() {
        requireRunning();
        return instance.id();
    }

    /** The PostgreSQL data directory. */
    public Path dataDirectory() {
        requireRunning();
        return server.dataDir();
    }

    /** The port PostgreSQL listens on (direct, not the proxy). */
    public int databasePort() {
        requireRunning();
        return server.port();
    }

    /** The postmaster process while the database runs. */
    public Optional<ProcessHandle> postmaster() {
        return server == null ? Optional.empty() : server.postmaster();
    }

    /**
     * initdb trusts every local connection; put a password rule for the application role first so the proxied
     * URL's password is really checked (a wrong one gets 28P01, as in production).
     */
    private static void requirePasswordForApplicationRole(Path dataDir, DataSource admin) {
        Path hba = dataDir.resolve("pg_hba.conf");
        try {
            String rules = "host all " + APP_ROLE + " 127.0.0.1/32 scram-sha-256\n";
            Files.writeString(hba, rules + Files.readString(hba, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded: could not edit pg_hba.conf", e);
        }
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("embedded: could not reload configuration: " + e.getMessage(), e);
        }
    }

    @Override
    public void stopDatabase() {
        requireRunning();
        server.stopServer();
    }

    @Override
    public void startDatabase() {
        requireRunning();
        server.startServer();
    }

    @Override
    public synchronized void close() {
        running(false);
        if (proxyServer != null) {
            try {
                proxyServer.close();
            } catch (RuntimeException e) {
                LOG.warn("embedded: proxy did not stop cleanly: {}", e.toString());
            }
            proxyServer = null;
        }
        forgetProxy();
        if (server != null) {
            server.close();
            server = null;
        }
        if (instance != null) {
            instance.close();
            instance = null;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // already running as the hook
            }
            shutdownHook = null;
        }
    }
}
