package io.chaosharness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.Seeds;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.EnvironmentKind;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.env.Environments;
import io.chaosharness.env.TargetUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./harness env}: the environment an application runs in while its database path is put under fault, until
 * Ctrl-C. Starts the embedded PostgreSQL behind the harness's proxy (or the proxy in front of an external database:
 * {@code --target-url} / {@code HARNESS_TARGET_URL}, with {@code run}'s URL checks), prints the database URL through
 * the proxy in the forms people paste ({@link AppEnvironment}), the Toxiproxy API and the proxy's name, and the admin
 * URL; optionally starts the application itself with those variables ({@code --app-command}) and waits for its
 * readiness URL. Ctrl-C or SIGTERM stops the application's process tree, removes every fault, and stops what the
 * command started, bounded by {@link #STOP_BOUND}.
 *
 * <p>Against an external database the password is never printed (the pasteable forms show {@code ****}); the full
 * values go only to the application's environment and to the {@code --print-env} / {@code --json} files (mode 600,
 * deleted at the end).
 */
@Command(name = "env", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Starts the database behind the fault proxy for your own application, prints what it",
                "needs (DATABASE_URL, the JDBC URL, PG* variables, the Toxiproxy API and the proxy's name, the",
                "admin URL), optionally starts the application with those variables, then holds until Ctrl-C,",
                "removing every fault and stopping everything it started."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "1:the application exited by itself after it was ready (everything stopped)",
                "2:usage or configuration error, the environment could not start, or the application never became "
                        + "ready (everything stopped)",
                "130/143:stopped by Ctrl-C/SIGTERM (the application, every fault, the environment)"})
public final class EnvCommand implements Callable<Integer> {

    /** Longest the shutdown hook waits for the application, the faults and the environment to be stopped. */
    static final Duration STOP_BOUND = Duration.ofSeconds(60);

    @Option(names = "--env", paramLabel = "KIND", converter = RunCommand.KindConverter.class,
            description = "embedded | containers | external (default: external when a target URL is given, else "
                    + "embedded).")
    EnvironmentKind env;

    @Option(names = "--target-url", paramLabel = "URL",
            description = "postgresql://user:password@host:port/db: put the proxy in front of this database "
                    + "(--env external). Prefer HARNESS_TARGET_URL: arguments show in the process list.")
    String targetUrl;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the proxy's randomness (default: fresh, printed).")
    Long seed;

    @Option(names = "--app-command", paramLabel = "COMMAND",
            description = "Starts your application with /bin/sh -c COMMAND and the variables printed "
                    + "(DATABASE_URL, ...); stopped with its whole process tree at the end.")
    String appCommand;

    @Option(names = "--app-dir", paramLabel = "DIR", description = "Working directory of --app-command "
            + "(default: the current one).")
    Path appDir;

    @Option(names = "--ready-url", paramLabel = "URL",
            description = "Waits until this URL answers 2xx before printing 'ready' (needs --app-command).")
    URI readyUrl;

    @Option(names = "--ready-timeout", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "60s",
            description = "Longest wait for --ready-url (default: ${DEFAULT-VALUE}); then everything is stopped, "
                    + "exit 2.")
    Duration readyTimeout;

    @Option(names = "--app-log", paramLabel = "FILE",
            description = "Writes the application's output to FILE instead of the console ('app | ' lines).")
    Path appLog;

    @Option(names = "--print-env", paramLabel = "FILE",
            description = "Writes the variables as shell assignments (set -a; . FILE; set +a), mode 600, deleted "
                    + "at the end.")
    Path printEnv;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Writes everything printed, unmasked, as JSON (for scripts and tests), mode 600, "
                    + "deleted at the end.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, String> environment;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public EnvCommand() {
        this(System::getenv);
    }

    /** With another environment-variable source (tests). */
    EnvCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Console console = new Console(out, spec.commandLine().getErr(), "harness env: ");
        EnvironmentSettings settings;
        try {
            settings = settings(console);
        } catch (IllegalArgumentException | CommandLine.TypeConversionException e) {
            console.error(e.getMessage());
            console.error("see ./harness env --help");
            return HarnessCommand.EXIT_USAGE;
        }
        Thread hook = new Thread(() -> {
            console.say("stopping (Ctrl-C or SIGTERM)");
            stop.countDown();
            try {
                if (!stopped.await(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    console.error("not stopped within " + STOP_BOUND.toSeconds() + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "harness-env-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ChaosEnvironment started = null;
        AppProcess app = null;
        List<Path> written = new ArrayList<>();
        PrintStream logFile = null;
        try {
            boolean external = settings.kind().orElseThrow() == EnvironmentKind.EXTERNAL;
            console.say("starting the " + settings.kind().get().id() + " environment (seed " + settings.seed() + ")...");
            try {
                started = Environments.create(settings);
                started.start();
            } catch (RuntimeException e) {
                console.error("could not start the " + settings.kind().get().id() + " environment: "
                        + Secrets.mask(String.valueOf(e.getMessage())));
                return HarnessCommand.EXIT_USAGE;
            }
            AppEnvironment vars = AppEnvironment.of(started);
            print(out, console, started, vars, external);
            try {
                if (printEnv != null) {
                    writePrivate(printEnv, shellAssignments(vars.variables()));
                    written.add(printEnv);
                }
            } catch (IOException e) {
                console.error("--print-env: cannot write " + printEnv + ": " + e.getMessage());
                return HarnessCommand.EXIT_USAGE;
            }
            if (appCommand != null) {
                Consumer<String> sink;
                if (appLog != null) {
                    try {
                        logFile = new PrintStream(Files.newOutputStream(appLog, StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING), true, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        console.error("--app-log: cannot write " + appLog + ": " + e.getMessage());
                        return HarnessCommand.EXIT_USAGE;
                    }
                    PrintStream f = logFile;
                    sink = f::println;
                } else {
                    sink = line -> {
                        synchronized (out) {
                            out.println("app | " + line);
                            out.flush();
                        }
                    };
                }
                try {
                    app = AppProcess.builder(appCommand).environment(vars.variables()).workingDirectory(appDir)
                            .readyUrl(readyUrl).readyTimeout(readyTimeout).output(sink)
                            .secret(external ? vars.database().password() : null).start();
                } catch (IOException e) {
                    console.error("--app-command: could not start '" + console.mask(appCommand) + "': "
                            + e.getMessage());
                    return HarnessCommand.EXIT_USAGE;
                }
                console.say("application started (pid " + app.pid() + ")"
                        + (readyUrl != null ? ", waiting up to " + DurationConverter.format(readyTimeout) + " for "
                        + readyUrl : ", no --ready-url: not waited for")
                        + (appLog != null ? "; its output goes to " + appLog : ""));
                try {
                    app.awaitReady();
                } catch (AppProcess.NotReadyException e) {
                    console.error("--ready-url: " + e.getMessage());
                    if (appLog != null) { // else its output is on the console already
                        e.lastOutput().forEach(l -> console.error("  app | " + l));
                    }
                    return HarnessCommand.EXIT_USAGE;
                }
                if (readyUrl != null) {
                    console.say("application ready: " + readyUrl + " answered 2xx");
                }
            }
            try {
                if (json != null) {
                    writePrivate(json, json(started, vars, app));
                    written.add(json);
                }
            } catch (IOException e) {
                console.error("--json: cannot write " + json + ": " + e.getMessage());
                return HarnessCommand.EXIT_USAGE;
            }
            console.say("ready; Ctrl-C to stop (" + (app != null ? "stops the application, " : "")
                    + "removes every fault, stops what this command started)");
            while (!stop.await(200, TimeUnit.MILLISECONDS)) {
                if (app != null && !app.isAlive()) {
                    console.error("the application exited by itself with code " + app.exitCode().orElse(-1)
                            + "; stopping everything");
                    return HarnessCommand.EXIT_FAIL;
                }
            }
            return HarnessCommand.EXIT_PASS;
        } finally {
            Thread.interrupted(); // a stray interrupt must not cut the cleanup short
            if (app != null) {
                app.close();
                console.say("application stopped" + app.exitCode().map(c -> " (exit code " + c + ")").orElse(""));
            }
            if (logFile != null) {
                logFile.close();
            }
            if (started != null) {
                try {
                    if (started.isRunning()) {
                        started.resetProxy();
                    }
                } catch (RuntimeException e) {
                    console.warn("could not remove the faults: " + e.getMessage());
                }
                try {
                    started.close();
                } catch (RuntimeException e) {
                    console.warn("could not stop the environment cleanly: " + e.getMessage());
                }
            }
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    console.warn("could not delete " + p + ": " + e.getMessage());
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is what woke us, and waits for `stopped`
            }
            console.say("stopped");
            stopped.countDown();
        }
    }

    private EnvironmentSettings settings(Console console) {
        if (appCommand == null && (readyUrl != null || appDir != null || appLog != null)) {
            throw new IllegalArgumentException((readyUrl != null ? "--ready-url" : appDir != null ? "--app-dir"
                    : "--app-log") + " needs --app-command (the application to start)");
        }
        if (appCommand != null && appCommand.isBlank()) {
            throw new IllegalArgumentException("--app-command must not be empty");
        }
        if (appDir != null && !Files.isDirectory(appDir)) {
            throw new IllegalArgumentException("--app-dir must be a directory, but was '" + appDir + "'");
        }
        if (readyUrl != null) {
            AppProcess.builder("true").readyUrl(readyUrl); // validates, naming the field
        }
        if (readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("--ready-timeout must be positive, but was "
                    + DurationConverter.format(readyTimeout));
        }
        String optionTarget = blankToNull(targetUrl);
        String envTarget = blankToNull(environment.apply(EnvironmentSettings.TARGET_URL_VARIABLE));
        EnvironmentKind kind = env != null ? env
                : optionTarget != null || envTarget != null ? EnvironmentKind.EXTERNAL : EnvironmentKind.EMBEDDED;
        EnvironmentSettings.Builder b = EnvironmentSettings.custom().kind(kind)
                .seed(seed != null ? seed : Seeds.newSeed())
                // the application's database: the command creates nothing there (no schema of its own)
                .ownsSchema(false);
        if (kind == EnvironmentKind.EXTERNAL) {
            String source = optionTarget != null ? "--target-url" : EnvironmentSettings.TARGET_URL_VARIABLE;
            String raw = optionTarget != null ? optionTarget : envTarget;
            if (raw == null) {
                throw new IllegalArgumentException("--env external needs the database URL: set "
                        + EnvironmentSettings.TARGET_URL_VARIABLE + " (preferred) or --target-url, e.g. "
                        + "postgresql://user:password@staging-db:5432/app");
            }
            TargetUrl parsed = RunCommand.parseTarget(source, raw);
            console.secret(parsed.password());
            if (optionTarget != null && parsed.password() != null) {
                console.warn("--target-url carries a password, and command-line arguments show in the process list;"
                        + " prefer the " + EnvironmentSettings.TARGET_URL_VARIABLE + " environment variable");
            }
            b.targetUrl(parsed);
        } else if (optionTarget != null) {
            throw new IllegalArgumentException("--target-url is only used with --env external, but --env is "
                    + kind.id());
        }
        return b.build();
    }

    private static void print(PrintWriter out, Console console, ChaosEnvironment env, AppEnvironment vars,
            boolean external) {
        EnvironmentCapabilities caps = env.capabilities();
        console.say(caps.provider() + ": PostgreSQL " + caps.postgresVersion() + " behind " + caps.proxyImplementation()
                + (external ? " in front of " + vars.admin().map(TargetUrl::masked).orElse("?") : ""));
        // the embedded database is the command's own, made for this run: its password is printed to be pasted;
        // an external database's password is the user's and never printed
        Map<String, String> shown = external ? vars.maskedVariables() : vars.variables();
        console.say("the database through the proxy" + (external ? " (password masked; the full values are in the "
                + "application's environment and the --print-env/--json files)" : "") + ":");
        synchronized (out) {
            out.println(external ? vars.maskedPostgresUrl() : vars.postgresUrl());
            out.println(external ? vars.maskedJdbcUrl() : vars.jdbcUrl());
            out.println("DATABASE_URL='" + shown.get("DATABASE_URL") + "'");
            StringBuilder pg = new StringBuilder("export");
            shown.forEach((k, v) -> {
                if (k.startsWith("PG")) {
                    pg.append(' ').append(k).append('=').append(shellQuote(v));
                }
            });
            out.println(pg);
            out.flush();
        }
        String api = vars.toxiproxy().toString();
        console.say("Toxiproxy API " + api + ", proxy \"" + vars.proxy() + "\"; e.g. cut the database off with  curl -s"
                + " -XPOST " + api + "/proxies/" + vars.proxy() + " -d '{\"enabled\":false}'  or add latency with  "
                + "curl -s -XPOST " + api + "/proxies/" + vars.proxy() + "/toxics -d '{\"type\":\"latency\","
                + "\"attributes\":{\"latency\":500}}'");
        vars.adminUrl().ifPresent(a -> {
            String shownAdmin = external ? vars.maskedAdminUrl().orElseThrow() : a;
            synchronized (out) {
                out.println("harness env: admin URL (straight to PostgreSQL, bypassing the proxy): " + shownAdmin);
                out.flush();
            }
        });
    }

    private String json(ChaosEnvironment env, AppEnvironment vars, AppProcess app) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", env.capabilities().provider());
        doc.put("seed", env.seed());
        doc.put("postgresUrl", vars.postgresUrl());
        doc.put("jdbcUrl", vars.jdbcUrl());
        doc.put("toxiproxyUrl", vars.toxiproxy().toString());
        doc.put("proxy", vars.proxy());
        doc.put("applicationName", vars.applicationName());
        doc.put("adminUrl", vars.adminUrl().orElse(null));
        doc.put("variables", vars.variables());
        if (app != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("pid", app.pid());
            a.put("readyUrl", app.readyUrl().map(URI::toString).orElse(null));
            doc.put("app", a);
        }
        doc.put("harnessPid", ProcessHandle.current().pid());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    }

    static String shellAssignments(Map<String, String> variables) {
        StringBuilder sb = new StringBuilder("# written by ./harness env; deleted when it stops\n");
        variables.forEach((k, v) -> sb.append(k).append('=').append(shellQuote(v)).append('\n'));
        return sb.toString();
    }

    static String shellQuote(String v) {
        return "'" + v.replace("'", "'\\''") + "'";
    }

    /** Writes {@code text} readable by the owner only, atomically (a reader never sees half a file). */
    private static void writePrivate(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".harness-env", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the directory's default permissions
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Stops a running {@link #call()} as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }
}
