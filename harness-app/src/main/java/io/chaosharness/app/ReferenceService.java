package io.chaosharness.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.fallback.AuthResult;
import io.chaosharness.fallback.FallbackAuthenticator;
import io.chaosharness.fallback.UserStore;
import io.chaosharness.health.DebugReport;
import io.chaosharness.health.HealthReport;
import io.chaosharness.health.ServerActivity;
import io.chaosharness.pool.ReferencePool;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference HTTP service in front of a {@link ReferencePool}: the seed plan's endpoints, built so that the
 * database's trouble shows in the right place and nowhere else.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>endpoint</th><th>who</th><th>what</th></tr>
 *   <tr><td>{@code POST /api/auth/login} {@code {"email","password"}}</td><td>anyone</td><td>database authentication;
 *       when the database is judged unavailable, the emergency-admin fallback for the break-glass credential only
 *       ({@code {"session":"emergency-admin","fallback":true}}); others 503, wrong credentials 401</td></tr>
 *   <tr><td>{@code GET /api/admin/users}</td><td>admin token</td><td>the users list, read through
 *       {@code withRetry} (the seed's load-test target); 503 when the database stays unavailable</td></tr>
 *   <tr><td>{@code GET /api/health/database}</td><td>anyone</td><td>the seed's health JSON from in-memory metrics;
 *       the pg_stat_activity section is a cached background probe; 503 when unhealthy</td></tr>
 *   <tr><td>{@code GET /api/debug/db-status}</td><td>admin token</td><td>last 1000 attempts, error patterns, retry
 *       rates and the pool-utilisation history</td></tr>
 * </table>
 *
 * <pre>
 *   client ──▶ Jetty threads (bounded) ──┬──▶ health: memory only, answers at once
 *                                        └──▶ login / users / debug ──▶ db workers (bounded, queue bounded: else 503)
 *                                                                         └──▶ ReferencePool.withRetry ──▶ PostgreSQL
 * </pre>
 * Admin endpoints take {@code Authorization: Bearer <token>}; a wrong or missing token gets 401 (compared in constant
 * time). No response carries a secret: not the database password, not a token, not a password or its hash. The
 * service does not own the pool: {@link #close()} stops the HTTP server and its threads, the caller closes the pool.
 */
public final class ReferenceService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceService.class);
    private static final String JSON = "application/json";

    private final ReferencePool pool;
    private final ServiceConfig config;
    private final UserStore users;
    private final FallbackAuthenticator authenticator;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ThreadPoolExecutor dbWorkers;
    private final ScheduledExecutorService gaugeSampler;
    private final ScheduledExecutorService serverProbe;
    private final ArrayDeque<PoolGaugeEvent> gaugeHistory = new ArrayDeque<>();
    private final AtomicLong emergencyAdminSessions = new AtomicLong();
    private final AtomicLong rejectedOverload = new AtomicLong();
    private volatile ServerActivity serverActivity;
    private volatile Instant serverActivityAt;
    private final Javalin http;

    private ReferenceService(ReferencePool pool, ServiceConfig config) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.config = Objects.requireNonNull(config, "config");
        this.users = new UserStore(pool, config.hasher());
        this.authenticator = new FallbackAuthenticator(pool, users, config.hasher(), config.breakGlass(),
                config.availabilityRetryCount());
        this.dbWorkers = new ThreadPoolExecutor(config.dbWorkers(), config.dbWorkers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.dbQueue()), daemonThreads("app-db"), new ThreadPoolExecutor.AbortPolicy());
        this.dbWorkers.allowCoreThreadTimeOut(true);
        this.gaugeSampler = Executors.newSingleThreadScheduledExecutor(daemonThreads("app-gauges"));
        this.serverProbe = Executors.newSingleThreadScheduledExecutor(daemonThreads("app-server-probe"));
        Javalin app = null;
        try {
            app = createHttp();
            app.start(); // on the connector of createHttp(), which carries host, port and the bounds
        } catch (RuntimeException e) {
            if (app != null) {
                app.stop();
            }
            shutdownExecutors();
            throw new IllegalStateException(pool.name() + " - could not start the reference service on "
                    + config.host() + ":" + config.port() + ": " + pool.mask(String.valueOf(e.getMessage())), e);
        }
        this.http = app;
        long gaugeMs = config.gaugePeriod().toMillis();
        gaugeSampler.scheduleAtFixedRate(this::sampleGauges, 0, gaugeMs, TimeUnit.MILLISECONDS);
        serverProbe.scheduleWithFixedDelay(this::probeServer, 0, config.serverProbePeriod().toMillis(),
                TimeUnit.MILLISECONDS);
        String line = "reference service listening on " + baseUri() + " (" + config + ")";
        LOG.info("{} - {}", pool.name(), line);
        pool.recorder().record(at -> new NoteEvent(at, "reference-service", line));
    }

    /**
     * Starts the service in front of {@code pool} (which the caller keeps and closes). The users table is not touched:
     * call {@link #createSchemaIfAbsent()} or {@link DemoUsers#seed} once the database is there.
     */
    public static ReferenceService start(ReferencePool pool, ServiceConfig config) {
        return new ReferenceService(pool, config);
    }

    private Javalin createHttp() {
        QueuedThreadPool threads = new QueuedThreadPool(config.jettyMaxThreads(), Math.min(8, config.jettyMaxThreads()),
                60_000);
        threads.setName("app-http");
        threads.setDaemon(true);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jetty.threadPool = threads;
            cfg.http.asyncTimeout = 0; // database work is bounded by the pool's own timeouts and the retry policy
            // Every phase of a connection bounded, at least as strictly as Toxiproxy's Go server (issue 18): no byte
            // for idleTimeout (idle keep-alive, stalled read or write) closes it; a request whose head and body take
            // longer than readTimeout is closed by the guard, as are the longest-waiting connections past the cap.
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(config.idleTimeout().toMillis());
                connector.setAcceptQueueSize(1024);
                connector.addBean(new ConnectionGuard(pool.name(), config.readTimeout().toMillis(),
                        config.maxConnections()));
                return connector;
            });
        });
        app.beforeMatched(ctx -> {
            String path = ctx.path();
            if ((path.startsWith("/api/admin/") || path.startsWith("/api/debug/"))
                    && !config.adminToken().matchesAuthorizationHeader(ctx.header("Authorization"))) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"chaos-harness\"");
                ctx.skipRemainingHandlers();
                reply(ctx, 401, error("admin bearer token required (Authorization: Bearer <token>)"));
            }
        });
        app.post("/api/auth/login", this::login);
        app.get("/api/admin/users", this::adminUsers);
        app.get("/api/health/database", this::health);
        app.get("/api/debug/db-status", this::debugStatus);
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} - {} {} failed: {}", pool.name(), ctx.method(), ctx.path(),
                    pool.mask(e.getClass().getSimpleName() + ": " + e.getMessage()));
            reply(ctx, 500, error("internal error"));
        });
        return app;
    }

    // ---------------------------------------------------------------- endpoints

    private void login(Context ctx) {
        String raw;
        try {
            raw = ctx.body();
        } catch (HttpResponseException e) { // over Javalin's maxRequestSize: 413
            reply(ctx, e.getStatus(), error(e.getMessage()));
            return;
        } catch (Exception e) { // Jetty's EofException, thrown unchecked through Kotlin: the client sent less than it
            // announced, or a broken chunked body
            reply(ctx, 400, error("request body incomplete or malformed"));
            return;
        }
        JsonNode body;
        try {
            body = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            reply(ctx, 400, error("request body must be JSON {\"email\": ..., \"password\": ...}"));
            return;
        }
        if (body == null || !body.isObject()) {
            reply(ctx, 400, error("request body must be a JSON object {\"email\": ..., \"password\": ...}"));
            return;
        }
        String email = text(body, "email");
        String password = text(body, "password");
        if (email == null || email.isBlank()) {
            reply(ctx, 400, error("email is required"));
            return;
        }
        if (password == null || password.isEmpty()) {
            reply(ctx, 400, error("password is required"));
            return;
        }
        onDbWorker(ctx, () -> {
            AuthResult result = authenticator.authenticate(email, password);
            Map<String, Object> out = new LinkedHashMap<>();
            if (result instanceof AuthResult.Authenticated a) {
                out.put("authenticated", true);
                out.put("session", "admin".equals(a.role()) ? "admin" : "user");
                out.put("email", a.email());
                out.put("role", a.role());
                out.put("fallback", false);
                return new Reply(200, out);
            } else if (result instanceof AuthResult.EmergencyAdmin e) {
                emergencyAdminSessions.incrementAndGet();
                out.put("authenticated", true);
                out.put("session", "emergency-admin");
                out.put("email", FallbackAuthenticator.maskPrincipal(e.email()));
                out.put("fallback", true);
                out.put("reason", "database unavailable; break-glass credential accepted");
                return new Reply(200, out);
            } else if (result instanceof AuthResult.UnavailableDenied u) {
                out.put("error", "database unavailable: sign-in is possible again once it recovers");
                out.put("database_available", false);
                out.put("fallback", false);
                return new Reply(503, out);
            } else {
                AuthResult.Denied d = (AuthResult.Denied) result;
                out.put("error", pool.mask(d.reason()));
                out.put("fallback", false);
                // The authenticator also denies when the lookup failed although the database was judged available:
                // the credentials were never checked, so that is "try again" (503), not "wrong credentials" (401).
                return new Reply(d.reason().startsWith("authentication failed") ? 503 : 401, out);
            }
        });
    }

    private void adminUsers(Context ctx) {
        onDbWorker(ctx, () -> {
            try {
                List<Map<String, Object>> list = pool.withRetry("admin-users", true, c -> {
                    try (PreparedStatement p = c.prepareStatement("SELECT id, email, role, created_at FROM "
                            + UserStore.TABLE + " ORDER BY id LIMIT 100")) {
                        try (ResultSet rs = p.executeQuery()) {
                            List<Map<String, Object>> rows = new ArrayList<>();
                            while (rs.next()) {
                                Map<String, Object> row = new LinkedHashMap<>();
                                row.put("id", rs.getLong(1));
                                row.put("email", rs.getString(2));
                                row.put("role", rs.getString(3));
                                row.put("created_at", rs.getTimestamp(4).toInstant());
                                rows.add(row);
                            }
                            return rows;
                        }
                    }
                });
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("count", list.size());
                out.put("users", list);
                return new Reply(200, out);
            } catch (SQLException e) {
                return new Reply(503, error("database unavailable after retries: " + describe(e)));
            }
        });
    }

    private void health(Context ctx) {
        HealthReport r = healthReport();
        reply(ctx, "unhealthy".equals(r.status()) ? 503 : 200, r);
    }

    /** The health report as the endpoint serves it: in-memory metrics plus the cached server probe. */
    public HealthReport healthReport() {
        HealthReport r = pool.health().report(false);
        return new HealthReport(r.status(), r.connections(), r.metrics(), r.resilience(), serverActivity);
    }

    private void debugStatus(Context ctx) {
        // The debug report reads only memory, but copying 1000 attempts is not free: keep it off the Jetty threads.
        onDbWorker(ctx, () -> new Reply(200, debugStatus()));
    }

    /** The debug view: the pool's debug report, the pool-utilisation history and service counters. */
    public Map<String, Object> debugStatus() {
        DebugReport d = pool.health().debugReport();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("health", healthReport());
        out.put("attempts", d.attempts());
        out.put("error_patterns", d.errorPatterns());
        out.put("retried_operations", d.retriedOperations());
        out.put("retry_successes", d.retrySuccesses());
        out.put("retry_failures", d.retryFailures());
        out.put("retry_success_rate", d.retrySuccessRate());
        out.put("retry_failure_rate", d.retryFailureRate());
        List<Map<String, Object>> history = new ArrayList<>();
        for (PoolGaugeEvent g : gaugeHistory()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", g.at());
            row.put("active", g.active());
            row.put("idle", g.idle());
            row.put("total", g.total());
            row.put("waiting", g.waiting());
            row.put("max", g.max());
            row.put("utilisation", g.utilisation());
            history.add(row);
        }
        out.put("pool_utilisation_history", history);
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("emergency_admin_sessions", emergencyAdminSessions.get());
        service.put("fallbacks_engaged", authenticator.fallbacks());
        service.put("rejected_overload", rejectedOverload.get());
        service.put("db_workers_active", dbWorkers.getActiveCount());
        service.put("db_queue", dbWorkers.getQueue().size());
        service.put("server_probe_at", serverActivityAt);
        service.put("timeline_events_dropped", pool.recorder().dropped());
        out.put("service", service);
        return out;
    }

    // ---------------------------------------------------------------- plumbing

    private record Reply(int status, Object body) {
    }

    @FunctionalInterface
    private interface DbTask {
        Reply run() throws Exception;
    }

    /** Runs {@code task} on a database worker and completes the request from there; a full queue gets 503 at once. */
    private void onDbWorker(Context ctx, DbTask task) {
        CompletableFuture<Reply> future;
        try {
            future = CompletableFuture.supplyAsync(() -> {
                try {
                    return task.run();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, dbWorkers);
        } catch (RejectedExecutionException e) {
            rejectedOverload.incrementAndGet();
            reply(ctx, 503, error("overloaded: " + config.dbQueue() + " requests already queued"));
            return;
        }
        ctx.future(() -> future.handle((reply, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LOG.warn("{} - {} {} failed: {}", pool.name(), ctx.method(), ctx.path(), describe(cause));
                reply(ctx, 500, error("internal error"));
            } else {
                reply(ctx, reply.status(), reply.body());
            }
            return null;
        }));
    }

    private void reply(Context ctx, int status, Object body) {
        String json;
        try {
            json = body instanceof HealthReport h ? h.toJson() : mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            json = "{\"error\":\"could not serialise the response\"}";
        }
        ctx.status(status).contentType(JSON).result(json);
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        return out;
    }

    private String describe(Throwable e) {
        String state = e instanceof SQLException s && s.getSQLState() != null ? " (SQLState " + s.getSQLState() + ")" : "";
        return pool.mask(e.getClass().getSimpleName() + state);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private void sampleGauges() {
        try {
            PoolGaugeEvent g = pool.health().sampleGauges();
            synchronized (gaugeHistory) {
                if (gaugeHistory.size() == config.gaugeHistory()) {
                    gaugeHistory.removeFirst();
                }
                gaugeHistory.addLast(g);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} - gauge sample failed: {}", pool.name(), describe(e));
        }
    }

    /** The sampled pool gauges, oldest first (at most {@link ServiceConfig#gaugeHistory()}). */
    public List<PoolGaugeEvent> gaugeHistory() {
        synchronized (gaugeHistory) {
            return List.copyOf(gaugeHistory);
        }
    }

    private void probeServer() {
        try {
            serverActivity = pool.health().serverActivity(); // bounded: pool timeout + 5 s query timeout
            serverActivityAt = Instant.now();
        } catch (RuntimeException e) {
            LOG.warn("{} - server probe failed: {}", pool.name(), describe(e));
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- API

    /** Creates the users table if absent (through {@code withRetry}). */
    public void createSchemaIfAbsent() throws SQLException {
        users.createSchemaIfAbsent();
    }

    /** The users table the login reads. */
    public UserStore users() {
        return users;
    }

    /** The port the service listens on. */
    public int port() {
        return http.port();
    }

    /** {@code http://<host>:<port>} */
    public URI baseUri() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    /** Emergency-admin sessions granted so far. */
    public long emergencyAdminSessions() {
        return emergencyAdminSessions.get();
    }

    public ServiceConfig config() {
        return config;
    }

    /** Stops the HTTP server, the database workers and the samplers (the pool stays open: it is the caller's). */
    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            shutdownExecutors();
            pool.recorder().record(at -> new NoteEvent(at, "reference-service", "stopped"));
        }
    }

    private void shutdownExecutors() {
        gaugeSampler.shutdownNow();
        serverProbe.shutdownNow();
        dbWorkers.shutdownNow();
        try {
            dbWorkers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
