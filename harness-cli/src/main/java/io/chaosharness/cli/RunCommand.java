package io.chaosharness.cli;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.Seeds;
import io.chaosharness.env.ContainersEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.EnvironmentKind;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.env.TargetUrl;
import io.chaosharness.pool.DatabaseUrl;
import io.chaosharness.scenario.Design;
import io.chaosharness.scenario.FaultStep;
import io.chaosharness.scenario.RunOptions;
import io.chaosharness.scenario.Scenario;
import io.chaosharness.scenario.ScenarioCatalog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./harness run}: the chaos suite — every scenario (or a selection) against an environment, one after another,
 * with progress on the console, a result file per scenario and the HTML report at the end.
 *
 * <p>Safety against a shared database ({@code --env external}): faults act only on the harness's own local proxy;
 * database-level faults need {@code --allow-database-faults} and then touch only the harness's own backends; write
 * scenarios use a schema the run creates and drops ({@code --read-only} skips them); workers and durations are capped;
 * Ctrl-C or SIGTERM removes every fault, stops what the run started and writes a partial report marked aborted; the
 * password never appears in output, logs or reports.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Runs the chaos scenarios against an environment and writes the HTML resilience report.",
                "Against a shared database (--env external), faults act only on the harness's own local proxy."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:all criteria met",
                "1:some criterion not met (or a scenario could not run)",
                "2:usage or configuration error",
                "130/143:interrupted (Ctrl-C/SIGTERM) after writing a partial report marked aborted"})
public final class RunCommand implements Callable<Integer> {

    /** Default cap on workers per lane for external targets. */
    static final int EXTERNAL_MAX_CONCURRENCY = EnvironmentSettings.EXTERNAL_MAX_CONCURRENCY;
    /** Default cap on one scenario's planned duration for external targets. */
    static final Duration EXTERNAL_MAX_DURATION = EnvironmentSettings.EXTERNAL_MAX_DURATION;
    /** Pool parameters of a target URL: they are the design's (with a note), not the target's. */
    static final Set<String> POOL_PARAMETERS = Set.of("connection_limit", "pool_timeout", "connect_timeout",
            "statement_timeout");

    @Option(names = "--env", paramLabel = "KIND", converter = KindConverter.class,
            description = "embedded | containers | external (default: HARNESS_ENV, else containers where "
                    + "Docker answers, else embedded; a target URL alone means external).")
    EnvironmentKind env;

    @Option(names = "--target-url", paramLabel = "URL",
            description = "postgresql://user:password@host:port/db for --env external. Prefer the "
                    + "HARNESS_TARGET_URL variable: arguments (and the password) show in the process "
                    + "list.")
    String targetUrl;

    @Option(names = "--scenarios", paramLabel = "IDS", split = ",",
            description = "Scenario ids or globs, comma separated (default: all; see --list).")
    List<String> scenarios;

    @Option(names = "--seed", paramLabel = "N",
            description = "Run seed, to replay a run (default: a fresh one, printed and recorded in the report).")
    Long seed;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "target/resilience-report",
            description = "Where the HTML report goes (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "target/resilience-results",
            description = "Where the result files (one JSON per scenario) and harness.log go (default: "
                    + "${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--list", description = "Lists the scenarios and exits.")
    boolean list;

    @Option(names = "--dry-run",
            description = "Prints the plan (scenarios, faults, durations, target with the password masked) and exits.")
    boolean dryRun;

    @Option(names = "--read-only", description = "Skips write scenarios; no schema is created on the target.")
    boolean readOnly;

    @Option(names = "--allow-database-faults",
            description = "External targets: allows database-level faults (terminating backends), limited "
                    + "to the harness's own backends (by application_name). Restart and connection "
                    + "limits never run there.")
    boolean allowDatabaseFaults;

    @Option(names = "--max-concurrency", paramLabel = "N",
            description = "Most workers per workload lane (default for external targets: "
                    + EXTERNAL_MAX_CONCURRENCY + "; else uncapped).")
    Integer maxConcurrency;

    @Option(names = "--max-duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Longest planned duration of one scenario, e.g. 90s, 5m; longer ones are skipped "
                    + "(default for external targets: 5m; else uncapped).")
    Duration maxDuration;

    /** The design(s) under test: {@code --design}, {@code --pool}, ..., {@code --compare}. */
    @CommandLine.Mixin
    DesignOptions designOptions = new DesignOptions();

    /** {@code --toxiproxy URL --proxy NAME}: faults on an existing proxy between an application and its database. */
    @CommandLine.Mixin
    RemoteToxiproxyOptions remoteToxiproxy = new RemoteToxiproxyOptions();

    /** Test-only: runs each scenario's deliberately weakened variant (where it has one), which must fail. */
    @Option(names = "--weakened", hidden = true)
    boolean weakened;

    /** {@code --app SPEC}: judge an application over HTTP instead of the reference design. */
    @CommandLine.Mixin
    AppRunOptions app = new AppRunOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, String> environment;

    public RunCommand() {
        this(System::getenv);
    }

    /** With another environment-variable source (tests). */
    RunCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), "harness run: ");
        Plan plan;
        try {
            plan = plan(console);
        } catch (IllegalArgumentException | CommandLine.TypeConversionException e) {
            console.error(e.getMessage());
            console.error("see ./harness run --help");
            return HarnessCommand.EXIT_USAGE;
        }
        if (app.active() && designOptions.given()) {
            console.error("--app judges the application's own design: --design, --pool, --retry, --breaker, --budget, "
                    + "--availability, --design-name and --compare set the harness's reference design and cannot be "
                    + "used with it");
            return HarnessCommand.EXIT_USAGE;
        }
        if (app.active()) {
            return AppRun.run(app, plan, environment, console, list, dryRun);
        }
        if (list) {
            printList(console, plan.scenarios());
            return HarnessCommand.EXIT_PASS;
        }
        if (dryRun) {
            printPlan(console, plan);
            return HarnessCommand.EXIT_PASS;
        }
        return new RunExecution(plan, console).runWithAbortHook();
    }

    /** Everything a run needs, validated. */
    record Plan(EnvironmentKind kind, Optional<TargetUrl> target, String targetSource, List<Scenario> scenarios,
                RunOptions options, EnvironmentSettings settings, Path reportDir, List<String> notes,
                List<DesignOptions.DesignRun> designs) {

        /** Whether two designs are compared ({@code --compare}). */
        boolean comparing() {
            return designs.size() > 1;
        }

        String password() {
            return target.map(TargetUrl::password).orElse(null);
        }

        boolean external() {
            return kind == EnvironmentKind.EXTERNAL;
        }
    }

    Plan plan(Console console) {
        List<String> notes = new ArrayList<>();
        Map<String, String> targetPool = new LinkedHashMap<>();
        String envTarget = blankToNull(environment.apply(EnvironmentSettings.TARGET_URL_VARIABLE));
        String optionTarget = blankToNull(targetUrl);
        EnvironmentKind kind = env;
        if (kind == null) {
            String fromVariable = blankToNull(environment.apply(EnvironmentKind.ENV_VARIABLE));
            if (fromVariable != null) {
                kind = EnvironmentKind.parse(fromVariable);
            } else if (optionTarget != null || envTarget != null) {
                kind = EnvironmentKind.EXTERNAL; // as in the JUnit extension: a named database means external
            } else {
                kind = dockerAnswers() ? EnvironmentKind.CONTAINERS : EnvironmentKind.EMBEDDED;
            }
        }
        Optional<TargetUrl> target = Optional.empty();
        String source = null;
        if (kind == EnvironmentKind.EXTERNAL) {
            source = optionTarget != null ? "--target-url" : EnvironmentSettings.TARGET_URL_VARIABLE;
            String raw = optionTarget != null ? optionTarget : envTarget;
            if (raw == null) {
                throw new IllegalArgumentException("--env external needs the database URL: set "
                        + EnvironmentSettings.TARGET_URL_VARIABLE + " (preferred) or --target-url, e.g. "
                        + "postgresql://user:password@staging-db:5432/app");
            }
            TargetUrl parsed = parseTarget(source, raw);
            console.secret(parsed.password());
            MaskingLayout.knownSecret(parsed.password());
            if (optionTarget != null && parsed.password() != null) {
                console.warn("--target-url carries a password, and command-line arguments show in the process list;"
                        + " prefer the " + EnvironmentSettings.TARGET_URL_VARIABLE + " environment variable");
            }
            target = Optional.of(withoutPoolParameters(parsed, targetPool));
        } else if (optionTarget != null) {
            throw new IllegalArgumentException("--target-url is only used with --env external, but --env is "
                    + kind.id());
        } else if (envTarget != null) {
            notes.add(EnvironmentSettings.TARGET_URL_VARIABLE + " is set but ignored: --env/HARNESS_ENV chose "
                    + kind.id());
        }

        List<DesignOptions.DesignRun> designs = new ArrayList<>();
        for (Design d : designOptions.designs(targetPool, source)) {
            List<Scenario> selected = ScenarioSelection.select(ScenarioCatalog.all(d), scenarios);
            if (weakened) {
                selected = selected.stream().map(s -> s.hasWeakenedVariant() ? s.weakened() : s).toList();
            }
            designs.add(new DesignOptions.DesignRun(d, selected));
        }
        if (!targetPool.isEmpty()) {
            notes.add("the target URL's pool parameters (" + String.join(", ", targetPool.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()) + ") are the design under test's: "
                    + designs.get(0).design().describe());
        }
        List<Scenario> selected = designs.get(0).scenarios();
        if (seed == null) {
            String fromVariable = blankToNull(environment.apply(EnvironmentSettings.SEED_VARIABLE));
            if (fromVariable != null) {
                try {
                    seed = Long.parseLong(fromVariable.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(EnvironmentSettings.SEED_VARIABLE
                            + " must be a whole number, but was '" + fromVariable + "'");
                }
            }
        }
        long runSeed = seed != null ? seed : Seeds.newSeed();
        boolean external = kind == EnvironmentKind.EXTERNAL;
        String allowVariable = blankToNull(environment.apply(EnvironmentSettings.ALLOW_DB_FAULTS_VARIABLE));
        if (external && !allowDatabaseFaults && "true".equalsIgnoreCase(String.valueOf(allowVariable).strip())) {
            notes.add(EnvironmentSettings.ALLOW_DB_FAULTS_VARIABLE + "=true is not enough for ./harness run: "
                    + "database-level faults against an external target need --allow-database-faults");
        }
        if (allowDatabaseFaults && !external) {
            notes.add("--allow-database-faults only matters for --env external (the " + kind.id()
                    + " database is the run's own)");
        }
        // the variables the options stand for (HARNESS_READ_ONLY, HARNESS_MAX_*), read by the settings' own rules
        Map<String, String> capVariables = new LinkedHashMap<>();
        for (String name : List.of(EnvironmentSettings.READ_ONLY_VARIABLE,
                EnvironmentSettings.MAX_CONCURRENCY_VARIABLE, EnvironmentSettings.MAX_DURATION_VARIABLE)) {
            String v = blankToNull(environment.apply(name));
            if (v != null) {
                capVariables.put(name, v);
            }
        }
        EnvironmentSettings fromVariables = EnvironmentSettings.fromSources(capVariables, name -> null);
        boolean readOnlyRun = readOnly || fromVariables.readOnly();
        EnvironmentSettings.Builder settings = EnvironmentSettings.custom().kind(kind).seed(runSeed)
                .allowDatabaseFaults(external && allowDatabaseFaults).readOnly(readOnlyRun)
                // the run's schema on every kind, as before (the external protections need it most)
                .ownsSchema(!readOnlyRun);
        if (maxConcurrency != null) {
            settings.maxConcurrency("--max-concurrency", maxConcurrency);
        } else {
            fromVariables.maxConcurrency().ifPresent(c -> settings.maxConcurrency(
                    EnvironmentSettings.MAX_CONCURRENCY_VARIABLE, c));
        }
        if (maxDuration != null) {
            settings.maxDuration("--max-duration", maxDuration);
        } else {
            fromVariables.maxDuration().ifPresent(d -> settings.maxDuration(
                    EnvironmentSettings.MAX_DURATION_VARIABLE, d));
        }
        target.ifPresent(settings::targetUrl);
        String toxiproxy = blankToNull(environment.apply(EnvironmentSettings.TOXIPROXY_URL_VARIABLE));
        if (external && toxiproxy != null) {
            URI api;
            try {
                api = URI.create(toxiproxy.strip());
            } catch (IllegalArgumentException e) {
                api = null;
            }
            if (api == null || api.getHost() == null || !"http".equalsIgnoreCase(api.getScheme())) {
                throw new IllegalArgumentException(EnvironmentSettings.TOXIPROXY_URL_VARIABLE
                        + " must be an http://host:port URL, but was '" + Secrets.mask(toxiproxy) + "'");
            }
            settings.toxiproxyUrl(api);
        }
        remoteToxiproxy.applyTo(kind, settings);
        if (remoteToxiproxy.given()) {
            notes.add("faults act only on the existing proxy '" + remoteToxiproxy.proxy().orElseThrow() + "' at "
                    + remoteToxiproxy.toxiproxy().orElseThrow() + ", which must exist, be enabled and carry no toxic;"
                    + " the run removes every toxic it adds and enables it again, at the end and on Ctrl-C");
        }
        String postgresImage = blankToNull(environment.apply(EnvironmentSettings.POSTGRES_IMAGE_VARIABLE));
        String toxiproxyImage = blankToNull(environment.apply(EnvironmentSettings.TOXIPROXY_IMAGE_VARIABLE));
        try {
            if (postgresImage != null) {
                settings.postgresImage(postgresImage);
            }
            if (toxiproxyImage != null) {
                settings.toxiproxyImage(toxiproxyImage);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    .replace("postgresImage", EnvironmentSettings.POSTGRES_IMAGE_VARIABLE)
                    .replace("toxiproxyImage", EnvironmentSettings.TOXIPROXY_IMAGE_VARIABLE), e);
        }
        EnvironmentSettings resolved = settings.build();
        // one source of truth: the options are the settings' caps, read-only flag and fault permission
        RunOptions options = RunOptions.builder().seed(runSeed).resultDir(results).build().within(resolved);
        return new Plan(kind, target, source, selected, options, resolved, report, notes, designs);
    }

    /**
     * Parses the target URL; errors name {@code source} ({@code --target-url} or {@code HARNESS_TARGET_URL}) and the
     * part at fault, never the password.
     */
    static TargetUrl parseTarget(String source, String raw) {
        String text = raw.strip();
        int scheme = text.indexOf("://");
        if (scheme > 0) {
            String rest = text.substring(scheme + 3);
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = rest.indexOf(c);
                end = i >= 0 && i < end ? i : end;
            }
            String hostPort = rest.substring(rest.lastIndexOf('@', end - 1) + 1, end);
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0 && !hostPort.endsWith("]") && hostPort.indexOf(']') < colon) {
                String port = hostPort.substring(colon + 1);
                boolean ok = port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
                if (!ok) {
                    throw new IllegalArgumentException(source + ": port must be a number between 1 and 65535, but was '"
                            + port + "' in '" + Secrets.mask(text) + "'");
                }
            }
        }
        TargetUrl parsed = TargetUrl.parse(source, text);
        try {
            // the pool's own validation: unknown parameters and bad pool values are named now, not mid-run
            DatabaseUrl.parse(parsed.toUrlWithSecret());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + Secrets.mask(e.getMessage(), parsed.password()));
        }
        return parsed;
    }

    /** The target without its pool parameters, which go to {@code pool}: they describe the design, not the target. */
    private static TargetUrl withoutPoolParameters(TargetUrl target, Map<String, String> pool) {
        Map<String, String> kept = new LinkedHashMap<>();
        target.params().forEach((k, v) -> {
            if (POOL_PARAMETERS.contains(k)) {
                pool.put(k, v);
            } else {
                kept.put(k, v);
            }
        });
        if (pool.isEmpty()) {
            return target;
        }
        return new TargetUrl(target.user(), target.password(), target.host(), target.port(), target.database(), kept);
    }

    private static boolean dockerAnswers() {
        // Probing costs a logged error where no engine exists; skip it when nothing points at one.
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        return ContainersEnvironment.isDockerAvailable();
    }

    private static void printList(Console console, List<Scenario> scenarios) {
        console.say(scenarios.size() + " scenario(s):");
        for (Scenario s : scenarios) {
            console.say(String.format(Locale.ROOT, "  %-32s %-8s %s", s.id(),
                    DurationConverter.format(s.plannedDuration()), s.title() + " - " + s.proves()));
            s.config().notes().forEach(n -> console.say("      "
                    + DesignOptions.departsFrom(s.config().design().name()) + ": " + n));
        }
    }

    private static void printPlan(Console console, Plan plan) {
        RunOptions o = plan.options();
        console.say("dry run: nothing is started, nothing is changed");
        console.say("environment: " + plan.kind().id()
                + plan.target().map(t -> ", target " + t.masked() + " (from " + plan.targetSource() + ")").orElse(""));
        console.say("seed " + o.seed().orElse(plan.settings().seed()) + "; results " + o.resultDir() + "; report " + plan.reportDir()
                + "; read-only " + o.readOnly() + "; database-level faults "
                + (o.allowDatabaseFaults() ? plan.external() ? "allowed, own backends only" : "allowed (own database)"
                : "not allowed") + "; caps: workers " + o.maxConcurrency().map(String::valueOf).orElse("uncapped")
                + ", scenario duration " + o.maxDuration().map(DurationConverter::format).orElse("uncapped"));
        if (plan.kind() == EnvironmentKind.CONTAINERS) {
            console.say("images: " + plan.settings().postgresImage() + ", " + plan.settings().toxiproxyImage()
                    + " (" + EnvironmentSettings.POSTGRES_IMAGE_VARIABLE + ", "
                    + EnvironmentSettings.TOXIPROXY_IMAGE_VARIABLE + ")");
        }
        plan.notes().forEach(n -> console.say("note: " + n));
        for (DesignOptions.DesignRun d : plan.designs()) {
            printDesign(console, plan.comparing() ? (d == plan.designs().get(0) ? "A: " : "B: ") : "", d.design());
        }
        if (plan.comparing()) {
            console.say("comparison: each scenario runs on A, then on B; results in " + o.resultDir() + "/<design>/, "
                    + "the side-by-side report in " + plan.reportDir());
        }
        EnvironmentCapabilities expected = expectedCapabilities(plan);
        Duration total = Duration.ZERO;
        int n = 0;
        for (Scenario s : plan.scenarios()) {
            n++;
            Optional<String> skip = s.skipReason(o, expected);
            console.say("[" + n + "/" + plan.scenarios().size() + "] " + s.id() + " - " + s.title() + ", "
                    + DurationConverter.format(s.plannedDuration())
                    + skip.map(r -> " - WOULD BE SKIPPED: " + r).orElse(""));
            if (s.faults().isEmpty()) {
                console.say("      faults: none");
            }
            for (FaultStep f : s.faults()) {
                console.say("      fault at " + DurationConverter.format(f.at()) + " for "
                        + DurationConverter.format(f.duration()) + ": " + f.fault().describe()
                        + (f.fault().isDatabaseLevel() ? " (database-level)" : ""));
            }
            for (DesignOptions.DesignRun d : plan.designs()) {
                Scenario on = d.scenarios().stream().filter(x -> x.id().equals(s.id())).findFirst().orElse(s);
                String design = on.config().design().name();
                if (on.config().notes().isEmpty()) {
                    console.say("      " + DesignOptions.unchanged(design));
                }
                on.config().notes().forEach(note -> console.say("      " + DesignOptions.departsFrom(design) + ": "
                        + note));
                if (plan.comparing() || !on.config().design().isSeed()) {
                    console.say("      workload on design '" + design + "': " + on.workload().lanes().stream()
                            .map(l -> l.name() + " " + l.concurrency() + " worker(s)").toList());
                }
            }
            if (skip.isEmpty()) {
                s.adaptedTo(o).adaptations().forEach(a -> console.say("      adapted to this run: " + a));
            }
            console.say("      criteria: " + String.join("; ", s.criteria().stream()
                    .map(c -> c.name() + " " + c.target()).toList()));
            if (skip.isEmpty()) {
                total = total.plus(s.plannedDuration());
            }
        }
        console.say("planned scenario time: " + DurationConverter.format(total) + " (plus setup, about 2-5 s each)");
    }

    /** The design's name and every effective setting (secrets masked). */
    private static void printDesign(Console console, String label, Design d) {
        console.say(label + d.describe());
        console.say("      settings: " + String.join(", ", d.settings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    /** What the environment will be able to do, for the dry run (the real run asks the started environment). */
    private static EnvironmentCapabilities expectedCapabilities(Plan plan) {
        return switch (plan.kind()) {
            case EXTERNAL -> new EnvironmentCapabilities("external", "?", "embedded", false,
                    plan.settings().allowDatabaseFaults(), false);
            case CONTAINERS -> new EnvironmentCapabilities("containers", "?", "Toxiproxy", true, true, true);
            case EMBEDDED -> new EnvironmentCapabilities("embedded", "?", "embedded", true, true, true);
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code --env}: names the option and the accepted values. */
    static final class KindConverter implements CommandLine.ITypeConverter<EnvironmentKind> {
        @Override
        public EnvironmentKind convert(String value) {
            for (EnvironmentKind k : EnvironmentKind.values()) {
                if (k.id().equalsIgnoreCase(value.strip())) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not one of embedded, containers, external");
        }
    }
}
