package io.chaosharness.cli;

import io.chaosharness.app.AdminToken;
import io.chaosharness.app.DemoUsers;
import io.chaosharness.app.ReferenceService;
import io.chaosharness.app.ServiceConfig;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.Seeds;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.env.Environments;
import io.chaosharness.env.OwnedSchema;
import io.chaosharness.env.TargetUrl;
import io.chaosharness.fallback.BreakGlassCredential;
import io.chaosharness.fallback.PasswordHasher;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./harness app}: the reference service in front of the reference pool, until Ctrl-C. With a database URL
 * ({@code --database-url} or {@code DATABASE_URL}) it serves that database; without one it starts the embedded
 * environment (real PostgreSQL behind the embedded Toxiproxy-compatible proxy) and prints the Toxiproxy API address,
 * so faults can be injected by hand while the health endpoint is watched. Ctrl-C stops everything it started.
 * A database the user names gets nothing outside a schema of the service's own ({@code chaos_harness_run_<random>},
 * see {@link OwnedSchema}), dropped when the service stops.
 */
@Command(name = "app", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs the reference service (login with emergency-admin fallback, /api/admin/users,",
                "/api/health/database, /api/debug/db-status) in front of the reference pool, until Ctrl-C.",
                "Without --database-url / DATABASE_URL it starts the embedded PostgreSQL behind the fault proxy."})
public final class AppCommand implements Callable<Integer> {

    /** The seed plan's pool parameters, used for the embedded environment. */
    static final String SEED_POOL_PARAMETERS =
            "connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000";
    static final String DEFAULT_BREAK_GLASS_EMAIL = "breakglass@chaosharness.local";

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "HTTP port, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--database-url", paramLabel = "URL",
            description = {"postgresql://user:password@host:port/db?connection_limit=15&pool_timeout=10&...",
                    "(default: the DATABASE_URL environment variable; without either, the embedded environment)."})
    String databaseUrl;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = {"Admin bearer token, at least 16 characters (default: HARNESS_ADMIN_TOKEN,",
                    "else generated and printed once). Prefer the variable: arguments show in ps."})
    String adminToken;

    @Option(names = "--break-glass-email", defaultValue = DEFAULT_BREAK_GLASS_EMAIL, paramLabel = "EMAIL",
            description = "The one account that may get an emergency-admin session while the database is "
                    + "unavailable (default: ${DEFAULT-VALUE}).")
    String breakGlassEmail;

    @Option(names = "--hash-iterations", defaultValue = "600000", paramLabel = "N",
            description = "PBKDF2 iterations for stored passwords (default: ${DEFAULT-VALUE}; lower only for load tests "
                    + "of logins).")
    int hashIterations;

    @Option(names = "--seed", paramLabel = "N", description = "Run seed (default: fresh, printed).")
    Long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, String> env;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public AppCommand() {
        this(System::getenv);
    }

    /** With another environment-variable source (tests). */
    AppCommand(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(20, TimeUnit.SECONDS); // let call() close what it started before the JVM halts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "harness-app-shutdown");
        boolean hookAdded = false;
        try {
            long runSeed = seed != null ? seed : Seeds.newSeed();
            String url = firstNonBlank(databaseUrl, env.apply("DATABASE_URL"));
            String tokenSource = adminToken != null ? "--admin-token"
                    : blank(env.apply("HARNESS_ADMIN_TOKEN")) ? null : "HARNESS_ADMIN_TOKEN";
            String token = firstNonBlank(adminToken, env.apply("HARNESS_ADMIN_TOKEN"));
            boolean generatedToken = token == null;
            if (generatedToken) {
                token = AdminToken.generate();
            }
            AdminToken admin = AdminToken.of(token);
            PasswordHasher hasher = new PasswordHasher(hashIterations);
            String breakGlassPassword = firstNonBlank(env.apply("HARNESS_BREAK_GLASS_PASSWORD"), null);
            boolean generatedBreakGlass = breakGlassPassword == null;
            if (generatedBreakGlass) {
                breakGlassPassword = DemoUsers.generatePassword();
            }
            String demoPassword = firstNonBlank(env.apply("HARNESS_DEMO_PASSWORD"), null);
            boolean generatedDemo = demoPassword == null;
            if (generatedDemo) {
                demoPassword = DemoUsers.generatePassword();
            }
            ServiceConfig config = ServiceConfig.custom().host(host).port(port).adminToken(admin).hasher(hasher)
                    .breakGlass(BreakGlassCredential.of(breakGlassEmail, breakGlassPassword, hasher)).build();

            Runtime.getRuntime().addShutdownHook(hook);
            hookAdded = true;
            String environmentLine = null;
            if (url == null) {
                ChaosEnvironment env = Environments.embedded(EnvironmentSettings.custom().seed(runSeed).build());
                started.push(env);
                env.start();
                url = env.databaseUrl() + (env.databaseUrl().contains("?") ? "&" : "?") + SEED_POOL_PARAMETERS;
                EnvironmentCapabilities caps = env.capabilities();
                environmentLine = "embedded PostgreSQL " + caps.postgresVersion() + " behind " + caps.proxyImplementation()
                        + "; Toxiproxy API " + env.toxiproxyApi() + " (proxy \"" + ChaosEnvironment.DATABASE_PROXY
                        + "\"): inject faults there, e.g. curl -s -XPOST " + env.toxiproxyApi() + "/proxies/"
                        + ChaosEnvironment.DATABASE_PROXY + " -d '{\"enabled\":false}'";
            }
            PoolSettings settings = PoolSettings.parse(url);
            String databaseLine = "database " + settings.url().masked();
            if (environmentLine == null) {
                // a database the user names may be shared: everything the service creates (its users table, the demo
                // users) goes into a schema of its own, dropped when the service stops
                OwnedSchema schema = ownSchema(url);
                started.push(schema::close);
                settings = PoolSettings.parse(schema.inSchema(url));
                databaseLine += " in the schema " + schema.name() + " (dropped when the service stops)";
            }

            ReferencePool pool = ReferencePool.builder(settings).recorder(new EventRecorder(Clock.systemUTC(), 200_000))
                    .seed(runSeed).start();
            started.push(pool);
            ReferenceService service = ReferenceService.start(pool, config);
            started.push(service);
            String seeded;
            try {
                seeded = DemoUsers.seed(service.users(), demoPassword).stream()
                        .map(u -> u.email() + " (" + u.role() + ")").collect(Collectors.joining(", "));
            } catch (SQLException e) {
                seeded = null;
                err.println("harness app: demo users not seeded, the database did not answer: "
                        + pool.mask(e.getClass().getSimpleName() + " " + e.getSQLState()));
            }
            out.println("harness app: reference service on " + service.baseUri() + " (" + databaseLine + ", seed "
                    + runSeed + ")");
            if (environmentLine != null) {
                out.println("harness app: " + environmentLine);
            }
            out.println("harness app: admin token " + (generatedToken ? "(generated, shown once): " + token
                    : "from " + tokenSource));
            if (seeded != null) {
                out.println("harness app: demo users " + seeded + "; password "
                        + (generatedDemo ? "(generated, shown once): " + demoPassword : "from HARNESS_DEMO_PASSWORD"));
            }
            out.println("harness app: break-glass account " + config.breakGlass().email() + "; password "
                    + (generatedBreakGlass ? "(generated, shown once): " + breakGlassPassword
                    : "from HARNESS_BREAK_GLASS_PASSWORD") + " (emergency admin only while the database is down)");
            out.println("harness app: try  curl -s " + service.baseUri() + "/api/health/database");
            out.println("harness app: Ctrl-C to stop");
            out.flush();
            stop.await();
            return HarnessCommand.EXIT_PASS;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("harness app: " + Secrets.mask(e.getMessage()));
            err.flush();
            return HarnessCommand.EXIT_USAGE;
        } finally {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    err.println("harness app: while stopping: " + Secrets.mask(String.valueOf(e.getMessage())));
                }
            }
            if (hookAdded) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is what woke us, and waits for `stopped`
                }
                out.println("harness app: stopped");
                out.flush();
            }
            stopped.countDown();
        }
    }

    /** Creates the service's own schema on the database {@code url} names, straight (no proxy in between). */
    private static OwnedSchema ownSchema(String url) {
        TargetUrl target = TargetUrl.parse("--database-url", url);
        DataSource admin = target.dataSource(EnvironmentSettings.DEFAULT_APPLICATION_NAME + "-admin");
        try {
            return OwnedSchema.create(() -> admin, target.database(), target.user());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the service's schema in database " + target.database()
                    + " as role " + target.user() + " (SQLState " + e.getSQLState() + ": "
                    + Secrets.mask(String.valueOf(e.getMessage()), target.password())
                    + "); the role needs CREATE on the database", e);
        }
    }

    /** Stops a running {@link #call()} as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String a, String b) {
        return !blank(a) ? a.strip() : !blank(b) ? b.strip() : null;
    }
}
