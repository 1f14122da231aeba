package io.chaosharness.env;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import io.chaosharness.core.Secrets;
import io.chaosharness.env.internal.BoundedCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every provider shares: the proxy in front of the database, the proxied URL and the state checks. */
abstract class AbstractChaosEnvironment implements ChaosEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractChaosEnvironment.class);

    /** The application role of databases the harness owns; not a superuser, so its connection limit applies. */
    static final String APP_ROLE = "harness";
    static final String APP_DATABASE = "harness";

    protected final EnvironmentSettings settings;
    private volatile URI toxiproxyApi;
    private volatile ToxiproxyClient client;
    private volatile Proxy proxy;
    private volatile TargetUrl proxiedUrl;
    private volatile EnvironmentCapabilities capabilities;
    private volatile DataSource admin;
    private volatile boolean running;

    AbstractChaosEnvironment(EnvironmentSettings settings) {
        this.settings = settings;
    }

    /** The provider id for messages, e.g. {@code embedded}. */
    abstract String providerName();

    /** Whether this environment runs its own proxy server, so {@code /reset} touches nobody else. */
    abstract boolean ownsProxyServer();

    static String newPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "h" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Connects the client to {@code api}, creates the database proxy ({@code listen} → {@code upstream}) and records
     * the proxied URL at {@code clientHost}:{@code clientPort} (or the port the proxy reports when that is 0).
     * These are the first calls to a proxy server that may have started a moment ago (its first requests load the
     * classes that serve them), so they are bounded by the start-up timeout, not the control timeout: on a loaded CI
     * machine a just-launched proxy's first GET overran 5 s once; no fault is in force yet.
     */
    final void connectProxy(URI api, String proxyName, String listen, String upstream, TargetUrl database,
            String clientHost, int clientPort) {
        this.toxiproxyApi = api;
        this.client = new ToxiproxyClient(api.getHost(), api.getPort());
        Duration setup = settings.startupTimeout().compareTo(settings.controlTimeout()) > 0
                ? settings.startupTimeout() : settings.controlTimeout();
        try {
            deleteProxyIfPresent(proxyName, setup);
            this.proxy = BoundedCalls.call("POST /proxies " + proxyName, setup,
                    () -> client.createProxy(proxyName, listen, upstream));
        } catch (IOException e) {
            throw new UncheckedIOException(providerName() + ": could not create proxy '" + proxyName + "' on "
                    + api + ": " + e.getMessage(), e);
        }
        int port = clientPort > 0 ? clientPort : portOf(proxy.getListen());
        this.proxiedUrl = database.at(clientHost, port, Map.of("ApplicationName", settings.applicationName()));
        LOG.info("{}: proxy '{}' {} -> {}; DATABASE_URL {}", providerName(), proxyName, proxy.getListen(), upstream,
                proxiedUrl.masked());
    }

    /**
     * Drives the existing proxy {@code proxyName} on {@code api} instead of creating one: it must exist, be enabled and
     * carry no toxic (so every toxic on it later is the harness's, and cleanup restores it exactly). The proxied URL is
     * {@code database} at the proxy's listen address (a wildcard listen address is reached at the API's host).
     *
     * @throws IllegalStateException naming the proxy when it is missing, disabled or already under fault
     */
    final Proxy adoptProxy(URI api, String proxyName, TargetUrl database) {
        this.toxiproxyApi = api;
        this.client = new ToxiproxyClient(api.getHost(), api.getPort());
        Duration timeout = settings.controlTimeout();
        Proxy existing;
        List<? extends Toxic> toxics;
        try {
            existing = BoundedCalls.call("GET /proxies/" + proxyName, timeout, () -> client.getProxyOrNull(proxyName));
            if (existing == null) {
                List<String> names = BoundedCalls.call("GET /proxies", timeout, () -> client.getProxies()).stream()
                        .map(Proxy::getName).sorted().toList();
                throw new IllegalStateException("no proxy '" + proxyName + "' on the Toxiproxy at " + api
                        + " (it has " + (names.isEmpty() ? "none" : String.join(", ", names)) + "); the harness "
                        + "drives an existing proxy and never creates one there");
            }
            Proxy found = existing;
            toxics = BoundedCalls.call("GET /proxies/" + proxyName + "/toxics", timeout, () -> found.toxics().getAll());
        } catch (IOException e) {
            throw new UncheckedIOException(providerName() + ": Toxiproxy at " + api + " did not answer: "
                    + e.getMessage(), e);
        }
        if (!existing.isEnabled()) {
            throw new IllegalStateException("proxy '" + proxyName + "' on " + api + " is disabled: enable it first; the "
                    + "harness starts only on a proxy that is not under fault, so it can restore it exactly");
        }
        if (!toxics.isEmpty()) {
            throw new IllegalStateException("proxy '" + proxyName + "' on " + api + " already has toxics ("
                    + toxics.stream().map(Toxic::getName).sorted().collect(java.util.stream.Collectors.joining(", "))
                    + "): remove them first; the harness starts only on a proxy that is not under fault, so it can "
                    + "restore it exactly");
        }
        this.proxy = existing;
        String listen = existing.getListen();
        String host = listen.substring(0, Math.max(0, listen.lastIndexOf(':'))).replace("[", "").replace("]", "");
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = api.getHost();
        }
        this.proxiedUrl = database.at(host, portOf(listen), Map.of("ApplicationName", settings.applicationName()));
        LOG.info("{}: existing proxy '{}' {} -> {}; DATABASE_URL {}", providerName(), proxyName, listen,
                existing.getUpstream(), proxiedUrl.masked());
        return existing;
    }

    /** Deletes the proxy {@code proxyName} from the connected proxy server if it is there. */
    final void deleteProxyIfPresent(String proxyName) throws IOException {
        deleteProxyIfPresent(proxyName, settings.controlTimeout());
    }

    private void deleteProxyIfPresent(String proxyName, Duration timeout) throws IOException {
        Proxy existing = BoundedCalls.call("GET /proxies/" + proxyName, timeout, () -> client.getProxyOrNull(proxyName));
        if (existing != null) {
            BoundedCalls.run("DELETE /proxies/" + proxyName, timeout, existing::delete);
        }
    }

    static int portOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return Integer.parseInt(hostPort.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalStateException("proxy listen address has no port: '" + hostPort + "'", e);
        }
    }

    /** The API version the proxy server reports ({@code GET /version}), e.g. {@code 2.12.0}. */
    final String proxyApiVersion() {
        try {
            String body = BoundedCalls.call("GET /version", settings.controlTimeout(), () -> client.version());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            return m.find() ? m.group(1) : body.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(providerName() + ": proxy API did not answer GET /version: " + e.getMessage(), e);
        }
    }

    final void capabilities(EnvironmentCapabilities capabilities) {
        this.capabilities = capabilities;
    }

    /** Set by {@code start()} once the environment answers, cleared first thing by {@code close()}. */
    final void running(boolean running) {
        this.running = running;
    }

    /** The superuser (owned databases) or target-role (external) data source behind {@link #adminDataSource()}. */
    final void admin(DataSource admin) {
        this.admin = admin;
    }

    final ToxiproxyClient clientOrNull() {
        return client;
    }

    final void forgetProxy() {
        this.proxy = null;
    }

    /** {@code SHOW server_version} over the admin connection. */
    final String queryServerVersion() {
        try (Connection c = adminDataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            String v = rs.getString(1);
            int space = v.indexOf(' ');
            return space > 0 ? v.substring(0, space) : v;
        } catch (SQLException e) {
            throw new IllegalStateException(providerName() + ": could not read server_version: " + e.getMessage(), e);
        }
    }

    /** Creates the non-superuser application role and its database (owned databases only). */
    static void createApplicationRole(DataSource admin, String password) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            // The statement carries the password: keep the server from logging it should it fail.
            s.execute("SET log_min_error_statement = panic");
            s.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + APP_DATABASE + " OWNER " + APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create role and database '" + APP_ROLE + "': "
                    + Secrets.mask(e.getMessage(), password), e);
        }
    }

    final void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException(providerName() + " environment is not running: call start() first");
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final DataSource adminDataSource() {
        requireRunning();
        return admin;
    }

    @Override
    public EnvironmentCapabilities capabilities() {
        requireRunning();
        return capabilities;
    }

    @Override
    public String databaseUrl() {
        requireRunning();
        return proxiedUrl.toUrlWithSecret();
    }

    @Override
    public String maskedDatabaseUrl() {
        requireRunning();
        return proxiedUrl.masked();
    }

    @Override
    public TargetUrl proxiedUrl() {
        requireRunning();
        return proxiedUrl;
    }

    @Override
    public String applicationName() {
        return settings.applicationName();
    }

    @Override
    public URI toxiproxyApi() {
        requireRunning();
        return toxiproxyApi;
    }

    @Override
    public ToxiproxyClient toxiproxyClient() {
        requireRunning();
        return client;
    }

    @Override
    public Proxy databaseProxy() {
        requireRunning();
        return proxy;
    }

    @Override
    public long seed() {
        return settings.seed();
    }

    @Override
    public EnvironmentSettings settings() {
        return settings;
    }

    @Override
    public Duration controlTimeout() {
        return settings.controlTimeout();
    }

    @Override
    public void resetProxy() {
        requireRunning();
        Duration timeout = settings.controlTimeout();
        try {
            if (ownsProxyServer()) {
                BoundedCalls.run("POST /reset", timeout, client::reset);
                return;
            }
            for (Toxic toxic : BoundedCalls.call("GET toxics of " + proxy.getName(), timeout, () -> proxy.toxics().getAll())) {
                BoundedCalls.run("DELETE toxic " + toxic.getName(), timeout, toxic::remove);
            }
            BoundedCalls.run("enable proxy " + proxy.getName(), timeout, proxy::enable);
        } catch (IOException e) {
            throw new UncheckedIOException(providerName() + ": proxy reset failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{provider=" + providerName()
                + ", running=" + isRunning()
                + ", databaseUrl=" + (proxiedUrl == null ? "-" : proxiedUrl.masked())
                + ", toxiproxyApi=" + (toxiproxyApi == null ? "-" : toxiproxyApi) + "}";
    }
}
