package io.chaosharness.gatling;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.chaosharness.app.AdminToken;
import io.chaosharness.app.DemoUsers;
import io.chaosharness.app.ReferenceService;
import io.chaosharness.app.ServiceConfig;
import io.chaosharness.core.Seeds;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.fallback.BreakGlassCredential;
import io.chaosharness.fallback.PasswordHasher;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.PoolSnapshot;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentKind;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.env.Environments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * What a simulation sends load to. Either a running service given by {@code -Dtarget.url} (with {@code -Dadmin.token},
 * and {@code -Dtoxiproxy.url} / {@code -Dtoxiproxy.proxy} where faults are injected), or — without it — a local stack
 * the simulation owns: the embedded {@link ChaosEnvironment} (a real PostgreSQL 17 behind the embedded
 * Toxiproxy-compatible proxy), the reference pool with the seed plan's URL parameters and the reference service. The local stack's addresses are
 * chosen in the simulation's constructor (Gatling needs the base URL there), the stack starts in {@code before()}
 * and {@link #close()} in {@code after()} stops all of it. Traffic goes to loopback addresses only.
 */
final class LoadTarget implements AutoCloseable {

    /** The seed plan's pool parameters. */
    static final String SEED_POOL_PARAMETERS =
            "connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000";
    static final String PROXY_NAME = ChaosEnvironment.DATABASE_PROXY;

    private final boolean local;
    private final String baseUrl;
    private final String adminToken;
    private final String demoPassword;
    private final URI toxiproxyUrl;
    private final String proxyName;
    private final long seed;
    private final int servicePort;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private ReferencePool pool;
    private ReferenceService service;
    private ChaosEnvironment environment;
    private volatile String provider = "embedded";
    private ToxiproxyClient toxiproxy;

    private LoadTarget(boolean local, String baseUrl, String adminToken, String demoPassword, URI toxiproxyUrl,
                       String proxyName, long seed, int servicePort) {
        this.local = local;
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
        this.demoPassword = demoPassword;
        this.toxiproxyUrl = toxiproxyUrl;
        this.proxyName = proxyName;
        this.seed = seed;
        this.servicePort = servicePort;
    }

    /** Reads {@code target.url}, {@code admin.token}, {@code toxiproxy.url}, {@code toxiproxy.proxy}, {@code seed}. */
    static LoadTarget fromSystemProperties() {
        long seed = Long.parseLong(Params.string("seed", String.valueOf(Seeds.newSeed())));
        String target = Params.string("target.url", null);
        if (target == null) {
            int port = freePort();
            return new LoadTarget(true, "http://127.0.0.1:" + port, AdminToken.generate(),
                    DemoUsers.generatePassword(), null, PROXY_NAME, seed, port);
        }
        URI uri = loopback("target.url", target);
        String token = Params.string("admin.token", System.getenv("HARNESS_ADMIN_TOKEN"));
        if (token == null) {
            throw new IllegalArgumentException("admin.token must be set (or HARNESS_ADMIN_TOKEN) when target.url is "
                    + "given, but was not");
        }
        String tox = Params.string("toxiproxy.url", null);
        return new LoadTarget(false, stripSlash(uri.toString()), token, Params.string("demo.password", null),
                tox == null ? null : loopback("toxiproxy.url", tox), Params.string("toxiproxy.proxy", PROXY_NAME),
                seed, uri.getPort());
    }

    private static URI loopback(String name, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a URL like http://127.0.0.1:8080, but was '" + value + "'");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http:// URL, but was '" + value + "'");
        }
        try {
            if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException(name + " must point at a loopback address (load stays on this "
                        + "machine), but was '" + value + "'");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(name + " has an unknown host: '" + value + "'");
        }
        return uri;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the local stack (no-op for a given target, apart from connecting the Toxiproxy client). */
    void start() {
        if (!local) {
            if (toxiproxyUrl != null) {
                toxiproxy = new ToxiproxyClient(toxiproxyUrl.getHost(), toxiproxyUrl.getPort());
            }
            return;
        }
        try {
            // embedded unless HARNESS_ENV / -Dharness.env names another provider (.ci/run runs one on containers)
            EnvironmentSettings fromSystem = EnvironmentSettings.fromSystem();
            environment = Environments.create(EnvironmentSettings.from(fromSystem).seed(seed)
                    .kind(fromSystem.kind().orElse(EnvironmentKind.EMBEDDED)).build());
            started.push(environment);
            environment.start();
            provider = environment.capabilities().provider();
            toxiproxy = environment.toxiproxyClient();
            String url = environment.databaseUrl() + (environment.databaseUrl().contains("?") ? "&" : "?")
                    + SEED_POOL_PARAMETERS;
            pool = ReferencePool.builder(PoolSettings.parse(url))
                    .recorder(new EventRecorder(Clock.systemUTC(), 200_000)).seed(seed).start();
            started.push(pool);
            // Hashing cost is not what these simulations measure: a low PBKDF2 count keeps logins about 1 ms.
            PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
            service = ReferenceService.start(pool, ServiceConfig.custom().port(servicePort)
                    .adminToken(AdminToken.of(adminToken)).hasher(hasher)
                    .breakGlass(BreakGlassCredential.of("breakglass@chaosharness.local", DemoUsers.generatePassword(),
                            hasher)).build());
            started.push(service);
            DemoUsers.seed(service.users(), demoPassword);
            awaitFullPool(Duration.ofSeconds(20));
        } catch (SQLException | RuntimeException e) {
            close();
            throw new IllegalStateException("could not start the local load target: "
                    + (pool != null ? pool.mask(String.valueOf(e.getMessage())) : e.getClass().getSimpleName()), e);
        }
    }

    /** Waits (bounded) until HikariCP has opened every connection, so the first second is not a warm-up artefact. */
    private void awaitFullPool(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            PoolSnapshot s = pool.snapshot();
            if (s.total() >= s.max()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("pool did not fill within " + bound.toSeconds() + " s: " + pool.snapshot());
    }

    boolean local() {
        return local;
    }

    String baseUrl() {
        return baseUrl;
    }

    String adminToken() {
        return adminToken;
    }

    /** The demo users' password, where known (always for the local stack; {@code -Ddemo.password} otherwise). */
    Optional<String> demoPassword() {
        return Optional.ofNullable(demoPassword);
    }

    /** The Toxiproxy client, where there is a proxy to inject faults through. */
    Optional<ToxiproxyClient> toxiproxy() {
        return Optional.ofNullable(toxiproxy);
    }

    String proxyName() {
        return proxyName;
    }

    long seed() {
        return seed;
    }

    /** The local pool (empty for a given target). */
    Optional<ReferencePool> pool() {
        return Optional.ofNullable(pool);
    }

    Optional<ReferenceService> service() {
        return Optional.ofNullable(service);
    }

    /** Backends of the harness's own pool as PostgreSQL sees them, bypassing the proxy (local stack only). */
    Optional<Long> serverBackends() {
        if (environment == null) {
            return Optional.empty();
        }
        try (Connection c = environment.adminDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                     + environment.applicationName() + "'")) {
            rs.next();
            return Optional.of(rs.getLong(1));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    String describe() {
        return local ? "local stack (" + provider
                + " environment: PostgreSQL 17 behind the harness's proxy; reference service on " + baseUrl
                + ", seed " + seed + ")"
                : "given target " + baseUrl + (toxiproxyUrl == null ? "" : " with Toxiproxy API " + toxiproxyUrl);
    }

    /** Stops everything the local stack started, newest first; faults are cleared first on a given target. */
    @Override
    public void close() {
        if (!local && toxiproxy != null) {
            try {
                toxiproxy.getProxy(proxyName).enable();
                toxiproxy.getProxy(proxyName).toxics().getAll().forEach(t -> {
                    try {
                        t.remove();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | RuntimeException e) {
                System.err.println("load target: could not clear faults on " + toxiproxyUrl + ": " + e.getMessage());
            }
        }
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("load target: while stopping: " + e.getClass().getSimpleName());
            }
        }
    }
}
