package io.chaosharness.cli;

import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.Environments;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Summary;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.Cancellation;
import io.chaosharness.scenario.Criteria;
import io.chaosharness.scenario.Design;
import io.chaosharness.scenario.Operations;
import io.chaosharness.scenario.ProgressListener;
import io.chaosharness.scenario.RunOptions;
import io.chaosharness.scenario.Scenario;
import io.chaosharness.scenario.ScenarioConfig;
import io.chaosharness.scenario.ScenarioRunner;
import io.chaosharness.scenario.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./harness size}: measures Appendix A of the seed plan. For every (users, pool size) cell it runs one scenario
 * through the {@link ScenarioRunner} (the catalogue's steady-state workload: read 80 / authenticate 20, one request
 * per user every think time, on the design's settings with that cell's {@code connection_limit}) and prints the
 * table {@link SizingTable}: users to the smallest pool meeting p99 < 100 ms and the band's utilisation target, beside
 * Appendix A and Little's law. The environment, its safety rules and caps are {@code ./harness run}'s.
 */
@Command(name = "size", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Measures pool sizes against Appendix A: for each user count and pool size, p99, average, "
                + "utilisation in the busiest second, pool waits and errors; prints the smallest pool meeting "
                + "p99 < 100 ms and the band's utilisation target, beside Appendix A and Little's law."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every user count has a pool size in the range that meets the targets",
                "1:some user count has none (or a cell could not run)",
                "2:usage or configuration error (also: the estimate exceeds --max-duration)",
                "130/143:interrupted (Ctrl-C/SIGTERM) after writing the partial table"})
public final class SizeCommand implements Callable<Integer> {

    /** The seed plan's user counts. */
    static final List<Integer> DEFAULT_USERS = List.of(10, 50, 100, 200, 500);
    /** Covers Appendix A's recommended ranges (5-10, 10-15, 15-25, 25-40) at their ends. */
    static final List<Integer> DEFAULT_POOLS = List.of(5, 10, 15, 25, 40);
    /** Set-up and judging per cell beyond its workload (pool warm-up, users, drain), measured on 2 shared cores. */
    static final Duration CELL_OVERHEAD = Duration.ofSeconds(4);
    /** Starting the environment. */
    static final Duration START_OVERHEAD = Duration.ofSeconds(10);
    /** The outage of {@code --fault outage}. */
    static final Duration OUTAGE = Duration.ofSeconds(2);
    static final Duration MIN_CELL = Duration.ofSeconds(2);
    static final Duration MAX_CELL = Duration.ofMinutes(10);
    static final Duration MIN_OUTAGE_CELL = Duration.ofSeconds(5);
    static final String SUBDIR = "pool-sizing";

    @Option(names = "--users", paramLabel = "N,N,...", split = ",",
            description = "User counts (default: the seed plan's 10,50,100,200,500; 1..1000 each).")
    List<Integer> users;

    @Option(names = "--pools", paramLabel = "N,N,...", split = ",",
            description = "Pool sizes (connection_limit) to try (default: 5,10,15,25,40; 1..1000 each).")
    List<Integer> pools;

    @Option(names = "--think", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "500ms",
            description = "Each user issues one request per think time (default: ${DEFAULT-VALUE}).")
    Duration think;

    @Option(names = "--cell-time", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "10s",
            description = "Workload time per cell (default: ${DEFAULT-VALUE}; 2s..10m, at least 5s with --fault).")
    Duration cellTime;

    @Option(names = "--max-duration", paramLabel = "TIME", converter = DurationConverter.class,
            defaultValue = "20m",
            description = "Total cap: refuses to start (exit 2) when the printed estimate exceeds it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    @Option(names = "--fault", paramLabel = "FAULT",
            description = "outage: also runs every cell with a 2 s proxy outage in its middle and reports the "
                    + "smallest pool that rides it out without pool timeouts or fallbacks.")
    String fault;

    @Option(names = "--env", paramLabel = "KIND", converter = RunCommand.KindConverter.class,
            description = "embedded | containers | external (default: embedded; external as in ./harness run, "
                    + "with its caps and safety rules).")
    io.chaosharness.env.EnvironmentKind env;

    @Option(names = "--target-url", paramLabel = "URL",
            description = "The database for --env external (prefer HARNESS_TARGET_URL).")
    String targetUrl;

    @Option(names = "--seed", paramLabel = "N", description = "Run seed (default: a fresh one, printed).")
    Long seed;

    @Option(names = "--read-only", description = "Reads only (no logins, nothing created on the target).")
    boolean readOnly;

    @Option(names = "--max-concurrency", paramLabel = "N",
            description = "Most workers per lane (external default: 8); a cell whose users exceed it is not "
                    + "measured.")
    Integer maxConcurrency;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "target/resilience-results",
            description = "Results: DIR/" + SUBDIR + "/pool-sizing.json and one result file per cell in DIR/"
                    + SUBDIR + "/cells (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "target/resilience-report",
            description = "The page with the table and its chart: DIR/pool-sizing.html (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--dry-run", description = "Prints the grid and the estimate, and exits.")
    boolean dryRun;

    /** The design whose connection_limit each cell replaces: {@code --design}, {@code --pool}, ... */
    @CommandLine.Mixin
    DesignOptions designOptions = new DesignOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, String> environment;
    private final Cancellation cancellation = new Cancellation();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean aborted;

    public SizeCommand() {
        this(System::getenv);
    }

    SizeCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    /** A validated grid. */
    record Grid(List<Integer> users, List<Integer> pools, Duration think, Duration cellTime, boolean outage) {

        int cells() {
            return users.size() * pools.size() * (outage ? 2 : 1);
        }

        /** The printed estimate: every cell's workload plus its set-up, plus starting the environment. */
        Duration estimate() {
            return cellTime.plus(CELL_OVERHEAD).multipliedBy(cells()).plus(START_OVERHEAD);
        }
    }

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), "harness size: ");
        Grid grid;
        RunCommand.Plan plan;
        try {
            grid = grid();
            plan = plan(console);
        } catch (IllegalArgumentException | CommandLine.TypeConversionException e) {
            console.error(e.getMessage());
            console.error("see ./harness size --help");
            return HarnessCommand.EXIT_USAGE;
        }
        Design design = plan.designs().get(0).design();
        console.say(grid.users().size() + " user count(s) " + grid.users() + " x " + grid.pools().size()
                + " pool size(s) " + grid.pools() + (grid.outage() ? ", each also with a 2 s outage" : "") + ": "
                + grid.cells() + " cell(s) of " + DurationConverter.format(grid.cellTime()) + ", a request every "
                + DurationConverter.format(grid.think()) + " per user (read 80 / authenticate 20"
                + (plan.options().readOnly() ? "; read-only: reads only" : "") + "), " + design.describe());
        console.say("estimate: " + DurationConverter.format(grid.estimate()) + " (" + grid.cells() + " x ("
                + DurationConverter.format(grid.cellTime()) + " + ~" + DurationConverter.format(CELL_OVERHEAD)
                + " set-up) + ~" + DurationConverter.format(START_OVERHEAD) + " start); cap --max-duration "
                + DurationConverter.format(maxDuration));
        if (grid.estimate().compareTo(maxDuration) > 0) {
            console.error("--max-duration: the estimate " + DurationConverter.format(grid.estimate())
                    + " exceeds the cap " + DurationConverter.format(maxDuration) + "; fewer users, pools or a "
                    + "shorter --cell-time, or a larger --max-duration");
            return HarnessCommand.EXIT_USAGE;
        }
        if (dryRun) {
            return HarnessCommand.EXIT_PASS;
        }
        Thread hook = new Thread(() -> {
            aborted = true;
            console.say("aborting (Ctrl-C or SIGTERM): ending the cell in progress, writing the partial table");
            cancellation.cancel("Ctrl-C or SIGTERM");
            try {
                finished.await(RunExecution.ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "harness-size-abort");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return measure(console, grid, plan, design);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and waits for the table
            }
        }
    }

    Grid grid() {
        List<Integer> u = checkList("--users", users == null ? DEFAULT_USERS : users);
        List<Integer> p = checkList("--pools", pools == null ? DEFAULT_POOLS : pools);
        boolean outage = false;
        if (fault != null) {
            if (!"outage".equals(fault.strip())) {
                throw new IllegalArgumentException("--fault: must be 'outage', but was '" + fault + "'");
            }
            outage = true;
        }
        Duration min = outage ? MIN_OUTAGE_CELL : MIN_CELL;
        if (cellTime.compareTo(min) < 0 || cellTime.compareTo(MAX_CELL) > 0) {
            throw new IllegalArgumentException("--cell-time: must be between " + DurationConverter.format(min)
                    + " and " + DurationConverter.format(MAX_CELL) + (outage ? " with --fault outage" : "")
                    + ", but was " + DurationConverter.format(cellTime));
        }
        if (think.compareTo(Duration.ofMillis(1)) < 0 || think.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--think: must be between 1ms and 1m, but was "
                    + DurationConverter.format(think));
        }
        if (maxDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--max-duration: must be at least 1s, but was "
                    + DurationConverter.format(maxDuration));
        }
        return new Grid(u, p, think, cellTime, outage);
    }

    private static List<Integer> checkList(String option, List<Integer> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(option + ": must list at least one number");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer v : values) {
            if (v == null || v < 1 || v > Design.MAX_CONNECTION_LIMIT) {
                throw new IllegalArgumentException(option + ": each value must be between 1 and "
                        + Design.MAX_CONNECTION_LIMIT + ", but was " + v);
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException(option + ": " + v + " is listed twice");
            }
        }
        return values.stream().sorted().toList();
    }

    /** The environment, its settings and caps, and the design, exactly as {@code ./harness run} resolves them. */
    private RunCommand.Plan plan(Console console) {
        if (designOptions.comparing()) {
            throw new IllegalArgumentException("--compare: size measures one design; give it with --design/--pool");
        }
        RunCommand run = new RunCommand(environment);
        run.env = env != null ? env : blank(environment.apply(io.chaosharness.env.EnvironmentKind.ENV_VARIABLE))
                && targetUrl == null ? io.chaosharness.env.EnvironmentKind.EMBEDDED : null;
        run.targetUrl = targetUrl;
        run.seed = seed;
        run.readOnly = readOnly;
        run.maxConcurrency = maxConcurrency;
        run.results = results.resolve(SUBDIR).resolve("cells");
        run.report = report;
        run.designOptions = designOptions;
        return run.plan(console);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private int measure(Console console, Grid grid, RunCommand.Plan plan, Design design) {
        Path dir = results.resolve(SUBDIR);
        Path cellsDir = dir.resolve("cells");
        try {
            Files.createDirectories(cellsDir);
            try (var old = Files.list(cellsDir)) {
                for (Path p : old.filter(f -> f.toString().endsWith(".json")).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            console.error("--results: cannot use " + dir + ": " + e.getMessage());
            return HarnessCommand.EXIT_USAGE;
        }
        SizingReport out = new SizingReport(dir.resolve("pool-sizing.json"), report.resolve("pool-sizing.html"),
                grid, plan, design, Instant.now(), loadAverage());
        List<SizingTable.Cell> cells = new ArrayList<>();
        ChaosEnvironment environment = null;
        String ended = null;
        try (RunLog log = RunLog.start(dir.resolve("harness.log"))) {
            try {
                environment = Environments.create(plan.settings());
                console.say("starting the " + plan.kind().id() + " environment...");
                environment.start();
                console.say("environment ready: PostgreSQL " + environment.capabilities().postgresVersion()
                        + ", seed " + plan.settings().seed() + " (replay with --seed " + plan.settings().seed()
                        + "); load average " + out.loadAtStart());
                ChaosEnvironment scoped = new RunEnvironment(environment);
                int n = 0;
                outer:
                for (int u : grid.users()) {
                    for (int p : grid.pools()) {
                        for (boolean withOutage : grid.outage() ? List.of(false, true) : List.of(false)) {
                            if (aborted || cancellation.isCancelled()) {
                                break outer;
                            }
                            n++;
                            Scenario cell = cell(design, u, p, grid, withOutage);
                            String tag = "[" + n + "/" + grid.cells() + "] ";
                            RunOptions one = RunOptions.from(plan.options()).listener(new Ticks(console, tag))
                                    .cancellation(cancellation).build();
                            ScenarioResult r = ScenarioRunner.run(cell, scoped, one);
                            SizingTable.Cell c = measured(r, cell, u, p, grid, withOutage, one);
                            console.say(tag + describe(c, withOutage));
                            merge(cells, c);
                            out.write(cells, false, null);
                        }
                    }
                }
            } finally {
                if (environment != null) {
                    try {
                        environment.close();
                    } catch (RuntimeException e) {
                        console.warn("stopping the environment: " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            ended = e.getClass().getSimpleName() + ": " + io.chaosharness.core.Secrets.mask(e.getMessage(),
                    plan.password());
            console.error("failed: " + ended);
        }
        if (aborted) {
            ended = "aborted (Ctrl-C or SIGTERM)";
        }
        SizingTable table = SizingTable.of(cells);
        out.write(cells, ended == null, ended);
        console.say("pool sizing" + (ended == null ? "" : " (partial: " + ended + ")") + " in "
                + DurationConverter.format(Duration.ofSeconds(Duration.between(out.startedAt(), Instant.now()).toSeconds())) + " (estimate "
                + DurationConverter.format(grid.estimate()) + "), p99 < 100 ms and Appendix A's utilisation target "
                + "(busiest 1 s):");
        table.lines().forEach(l -> console.say("  " + l));
        console.say("table: " + out.json() + "; page: " + out.html() + " (the main report shows and links it when "
                + "next written: ./harness report --results " + results + " --out " + report + ")");
        if (ended != null) {
            return aborted ? HarnessCommand.EXIT_FAIL : HarnessCommand.EXIT_USAGE;
        }
        boolean allRows = table.rows().stream().allMatch(r -> r.smallestPassing().isPresent());
        return allRows && cells.stream().allMatch(SizingTable.Cell::completed) ? HarnessCommand.EXIT_PASS
                : HarnessCommand.EXIT_FAIL;
    }

    /** One cell's scenario: the steady-state workload for {@code users} on the design with {@code pool} connections. */
    static Scenario cell(Design base, int users, int pool, Grid grid, boolean outage) {
        Design design = base.toBuilder(base.name()).set("connection_limit", String.valueOf(pool)).build();
        SizingTable.Band band = SizingTable.Band.of(users);
        long perWorker = grid.cellTime().toMillis() / grid.think().toMillis() + 1;
        Workload workload = Workload.of(Workload.Lane.named("main").concurrency(users).pacing(grid.think())
                .duration(grid.cellTime()).maxOperations((int) Math.min(10_000_000, perWorker * users))
                .op(Operations.read(), 80).op(Operations.authenticate(), 20).build());
        Scenario.Builder b = Scenario.builder("size-u" + users + "-p" + pool + (outage ? "-outage" : ""))
                .title("Pool sizing: " + users + " users on " + pool + " connections" + (outage ? ", 2 s outage" : ""))
                .description(users + " users, each issuing a read or an authentication every "
                        + grid.think().toMillis() + " ms for " + DurationConverter.format(grid.cellTime()) + " on "
                        + pool + " connections" + (outage ? ", the proxy down for 2 s in the middle" : ""))
                .proves(outage ? "the pool rides out a 2 s outage without pool timeouts or fallbacks"
                        : "p99 < 100 ms and utilisation under Appendix A's target for " + band.users() + " users")
                .config(ScenarioConfig.of(design))
                .workload(workload)
                .criterion(Criteria.p99Below(SizingTable.P99_TARGET_MS))
                .criterion(Criteria.averageBelow(SizingTable.P99_TARGET_MS))
                .criterion(Criteria.peakUtilisationBelow(band.utilisationTarget()))
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.errorRateBelow(1));
        if (outage) {
            Duration at = grid.cellTime().minus(OUTAGE).dividedBy(2);
            b.fault(at, OUTAGE, new ProxyDown());
        }
        return b.build();
    }

    static SizingTable.Cell measured(ScenarioResult r, Scenario cell, int users, int pool, Grid grid, boolean outage,
                                     RunOptions options) {
        Summary s = r.summary();
        int ran = cell.adaptedTo(options).workload().peakConcurrency();
        boolean completed = (r.verdict() == Verdict.PASS || r.verdict() == Verdict.FAIL) && s != null && ran >= users;
        String note = r.verdict() == Verdict.PASS || r.verdict() == Verdict.FAIL ? null
                : r.verdict().json() + (r.error() == null ? "" : ": " + r.error());
        if (ran < users) {
            note = "not measured: capped at " + ran + " workers (--max-concurrency)";
        }
        Double utilisation = r.criteria().stream().filter(c -> c.name().equals("pool utilisation"))
                .filter(c -> c.verdict() == Verdict.PASS || c.verdict() == Verdict.FAIL)
                .map(CriterionResult::measuredValue).findFirst().orElse(null);
        long attempts = 0;
        double held = 0;
        // the workload's attempts only: the runner's warm-up operations come before the start
        Instant start = r.startedAt();
        for (var e : r.timeline()) {
            if (e instanceof AttemptEvent a && (start == null || !a.at().isBefore(start))) {
                attempts++;
                held += a.latencyMs();
            }
        }
        double throughput = attempts / (grid.cellTime().toMillis() / 1000.0);
        Double hold = attempts == 0 ? null : held / attempts;
        Boolean rodeOut = null;
        if (outage) {
            rodeOut = s != null && nz(s.poolTimeouts()) == 0 && nz(s.fallbacks()) == 0;
        }
        return new SizingTable.Cell(users, pool, s == null ? null : s.p99Ms(), s == null ? null : s.avgMs(),
                utilisation, s == null ? 0 : nz(s.operations()), s == null ? 0 : nz(s.failed()),
                s == null ? 0 : nz(s.poolTimeouts()), s == null ? 0 : nz(s.maxWaiting()),
                s == null ? 0 : nz(s.fallbacks()), throughput, hold, rodeOut, completed, note);
    }

    /** The steady cell and its outage twin become one cell: the outage run only answers "rode it out". */
    private static void merge(List<SizingTable.Cell> cells, SizingTable.Cell c) {
        if (c.rodeOutOutage() == null) {
            cells.add(c);
            return;
        }
        for (int i = 0; i < cells.size(); i++) {
            SizingTable.Cell s = cells.get(i);
            if (s.users() == c.users() && s.pool() == c.pool()) {
                cells.set(i, new SizingTable.Cell(s.users(), s.pool(), s.p99Ms(), s.avgMs(), s.utilisation(),
                        s.operations(), s.failed(), s.poolTimeouts(), s.maxWaiting(), s.fallbacks(),
                        s.throughputPerS(), s.meanHoldMs(), c.completed() && c.rodeOutOutage(), s.completed(),
                        s.note() != null ? s.note() : c.note() == null ? null : "outage run: " + c.note()));
                return;
            }
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    static String describe(SizingTable.Cell c, boolean outage) {
        String head = c.users() + " users, pool " + c.pool() + (outage ? " with a 2 s outage" : "") + ": ";
        if (!c.completed()) {
            return head + (c.note() == null ? "not measured" : c.note());
        }
        if (outage) {
            return head + (c.poolTimeouts() == 0 && c.fallbacks() == 0 ? "rode it out" : "did not ride it out")
                    + " (" + c.poolTimeouts() + " pool timeout(s), " + c.fallbacks() + " fallback(s), " + c.failed()
                    + " failed of " + c.operations() + ")";
        }
        return head + "p99 " + fmt(c.p99Ms()) + " ms, avg " + fmt(c.avgMs()) + " ms, utilisation "
                + (c.utilisation() == null ? "not measured" : fmt(c.utilisation() * 100) + " %") + " (target < "
                + Math.round(SizingTable.Band.of(c.users()).utilisationTarget() * 100) + " %), pool timeouts "
                + c.poolTimeouts() + ", most waiting " + c.maxWaiting() + ", errors " + c.failed() + " of "
                + c.operations() + " - " + (c.meetsTargets() ? "meets both" : "does not meet both");
    }

    private static String fmt(Double v) {
        return v == null ? "not measured" : SizingTable.Fmt.num(v);
    }

    /** The 1, 5 and 15 minute load averages (Linux), or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Progress while a cell runs: one line every 5 s. */
    private static final class Ticks implements ProgressListener {
        private final Console console;
        private final String tag;
        private long last = -1;

        Ticks(Console console, String tag) {
            this.console = console;
            this.tag = tag;
        }

        @Override
        public void scenarioStarted(int i, int n, Scenario scenario, Duration planned) {
            console.say(tag + scenario.title() + " (" + DurationConverter.format(planned) + ")");
        }

        @Override
        public void progress(Progress p) {
            long second = p.elapsed().toSeconds();
            if (last >= 0 && second - last < ConsoleProgress.EVERY.toSeconds()) {
                return;
            }
            last = second;
            console.say(tag + "running: " + second + " s elapsed, ~" + p.remaining().toSeconds() + " s left, "
                    + p.operations() + " ops (" + p.failed() + " failed)"
                    + (p.activeFaults().isEmpty() ? "" : ", fault in force: " + String.join("; ", p.activeFaults())));
        }
    }
}
