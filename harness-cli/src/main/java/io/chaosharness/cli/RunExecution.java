package io.chaosharness.cli;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.Environments;
import io.chaosharness.report.Comparison;
import io.chaosharness.report.ComparisonReport;
import io.chaosharness.report.OverallVerdict;
import io.chaosharness.report.ReportRequest;
import io.chaosharness.report.ReportResult;
import io.chaosharness.report.ResilienceReport;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.RunOptions;
import io.chaosharness.scenario.Scenario;
import io.chaosharness.scenario.ScenarioCatalog;
import io.chaosharness.scenario.Cancellation;
import io.chaosharness.scenario.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code harness run}: starts the environment, runs the scenarios one by one on a worker thread, then removes
 * every fault, drops the run's schema, stops the environment and writes the report.
 *
 * <p>Ctrl-C or SIGTERM: a shutdown hook marks the run aborted and cancels it through the runner's cooperative
 * {@link Cancellation} (the runner stops that scenario's workload and ends it with verdict {@code aborted}, removing
 * its faults and closing its pool; no thread is interrupted, so no cleanup is cut short); the worker
 * skips the remaining scenarios, cleans up as usual and writes a partial report. The hook waits up to
 * {@link #ABORT_GRACE} for that, then lets the JVM exit (with the signal's status, 130 or 143).
 */
final class RunExecution {

    /** Longest the shutdown hook waits for cleanup and the partial report. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(60);

    private enum Phase { STARTING, RUNNING, CLEANING_UP }

    /** Runs one scenario of the run (the catalogue's runner, or the black-box runner for {@code --app}). */
    @FunctionalInterface
    interface ScenarioExecutor {
        ScenarioResult run(Scenario scenario, ChaosEnvironment environment, RunOptions options);
    }

    private final RunCommand.Plan plan;
    private final Console console;
    private final ScenarioExecutor executor;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lock = new Object();
    private Phase phase = Phase.STARTING;
    private volatile boolean aborted;
    private final Cancellation cancellation = new Cancellation();
    private Thread worker;
    private int exitCode = HarnessCommand.EXIT_USAGE;

    /** Whether the run judges the harness's reference design (whose settings the plan's designs describe). */
    private final boolean referenceDesign;

    RunExecution(RunCommand.Plan plan, Console console) {
        this(plan, console, ScenarioRunner::run, true);
    }

    /** With another executor, e.g. {@code --app}'s, which judges a system of its own: no design is described. */
    RunExecution(RunCommand.Plan plan, Console console, ScenarioExecutor executor) {
        this(plan, console, executor, false);
    }

    private RunExecution(RunCommand.Plan plan, Console console, ScenarioExecutor executor, boolean referenceDesign) {
        this.plan = plan;
        this.console = console;
        this.executor = executor;
        this.referenceDesign = referenceDesign;
    }

    /** Runs on a worker thread with the abort hook installed; returns the exit code. */
    int runWithAbortHook() {
        worker = new Thread(this::runGuarded, "harness-run");
        Thread hook = new Thread(this::abortFromSignal, "harness-run-abort");
        Runtime.getRuntime().addShutdownHook(hook);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort("interrupted");
            awaitFinished();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and waits for the report
            }
        }
        return exitCode;
    }

    private void abortFromSignal() {
        abort("Ctrl-C or SIGTERM");
        awaitFinished();
    }

    /** Cancels the run: the scenario in progress ends as aborted; no further scenario starts. */
    void abort(String why) {
        synchronized (lock) {
            if (aborted || finished.getCount() == 0) {
                return;
            }
            aborted = true;
            console.say("aborting (" + why + "): removing faults, stopping what the run started, writing a partial "
                    + "report");
            cancellation.cancel(why);
        }
    }

    private void awaitFinished() {
        try {
            if (!finished.await(ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                console.error("cleanup did not finish within " + ABORT_GRACE.toSeconds() + " s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runGuarded() {
        try {
            exitCode = run();
        } catch (RuntimeException | Error e) {
            console.error("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            exitCode = HarnessCommand.EXIT_USAGE;
        } finally {
            finished.countDown();
        }
    }

    private int run() {
        RunOptions options = plan.options();
        List<Scenario> scenarios = plan.scenarios();
        Path resultDir = options.resultDir();
        List<DesignOptions.DesignRun> designs = plan.designs();
        try {
            Files.createDirectories(resultDir);
            removeEarlierResults(resultDir);
            for (DesignOptions.DesignRun d : designs) {
                if (plan.comparing()) {
                    Files.createDirectories(designResults(d));
                    removeEarlierResults(designResults(d));
                }
            }
        } catch (IOException e) {
            console.error("--results: cannot use " + resultDir + ": " + e.getMessage());
            return HarnessCommand.EXIT_USAGE;
        }
        console.say(scenarios.size() + " scenario(s) on the " + plan.kind().id() + " environment"
                + plan.target().map(t -> " in front of " + t.masked()).orElse("") + ", seed " + plan.settings().seed()
                + " (replay with --seed " + plan.settings().seed() + ")");
        plan.notes().forEach(n -> console.say("note: " + n));
        if (referenceDesign) {
            designs.forEach(d -> console.say((plan.comparing() ? (d == designs.get(0) ? "A: " : "B: ") : "")
                    + d.design().describe()));
        }
        int steps = scenarios.size() * designs.size();
        List<ScenarioResult> ran = new ArrayList<>();
        int skipped = 0;
        int unrecorded = 0;
        boolean started = false;
        ChaosEnvironment environment = null;
        try (RunLog log = RunLog.start(resultDir.resolve("harness.log"))) {
            try {
                environment = Environments.create(plan.settings());
                console.say("starting the " + plan.kind().id() + " environment...");
                environment.start();
                EnvironmentCapabilities caps = environment.capabilities();
                console.say("environment ready: PostgreSQL " + caps.postgresVersion() + ", proxy "
                        + caps.proxyImplementation() + plan.settings().existingProxy()
                        .map(name -> ", faults only on the existing proxy '" + name + "' at ")
                        .orElse(", faults only on the harness's own proxy ") + environment.toxiproxyApi());
                // the environment owns the run's schema (created at start, dropped at close): see EnvironmentSettings
                environment.ownedSchema().ifPresent(name -> console.say("write scenarios use the schema " + name
                        + ", dropped at the end"));
                ChaosEnvironment scoped = new RunEnvironment(environment);
                synchronized (lock) {
                    started = true;
                    phase = Phase.RUNNING;
                }
                int n = 0;
                // interleaved: each scenario on A, then on B, on the same environment
                for (int i = 0; i < scenarios.size() && !aborted; i++) {
                    for (DesignOptions.DesignRun d : designs) {
                        n++;
                        if (aborted) {
                            break;
                        }
                        Scenario s = d.scenarios().get(i);
                        Path dir = plan.comparing() ? designResults(d) : resultDir;
                        if (plan.comparing()) {
                            console.say("[" + n + "/" + steps + "] design '" + d.design().name() + "':");
                        }
                        ConsoleProgress progress = new ConsoleProgress(console, n, steps);
                        RunOptions one = RunOptions.from(options).resultDir(dir).listener(progress)
                                .cancellation(cancellation).build();
                        ScenarioResult r;
                        try {
                            r = executor.run(s, scoped, one);
                        } catch (RuntimeException e) {
                            // the runner judges failed runs itself; this is e.g. a result file that could not be
                            // written
                            console.error("[" + n + "/" + steps + "] " + s.id() + ": ERROR - "
                                    + e.getClass().getSimpleName() + ": " + e.getMessage());
                            unrecorded++;
                            continue;
                        }
                        if (r.verdict() == Verdict.SKIPPED) {
                            // the runner wrote its result (verdict skipped, the reason): the report lists it
                            skipped++;
                        } else if (aborted && r.verdict() != Verdict.ABORTED) {
                            r = asAborted(r, dir);
                            console.say(ConsoleProgress.verdictLine("[" + n + "/" + steps + "] ", r));
                        }
                        ran.add(r);
                    }
                }
            } catch (RuntimeException e) {
                if (!started) {
                    console.error("could not start the " + plan.kind().id() + " environment: " + e.getMessage());
                    return HarnessCommand.EXIT_USAGE;
                }
                throw e;
            } finally {
                synchronized (lock) {
                    phase = Phase.CLEANING_UP;
                    Thread.interrupted(); // a stray interrupt must not cut the cleanup short
                }
                cleanUp(environment);
            }
            if (aborted) {
                int left = steps - ran.size() - unrecorded;
                console.say("aborted: " + ran.size() + " scenario(s) ran, " + left + " not started");
            }
            if (plan.comparing()) {
                return comparisonExitCode(ran, skipped, unrecorded);
            }
            ReportResult report = writeReport(resultDir, plan.reportDir());
            return exitCode(ran, skipped, unrecorded, report);
        }
    }

    private void cleanUp(ChaosEnvironment environment) {
        if (environment == null) {
            return;
        }
        try {
            if (environment.isRunning()) {
                environment.resetProxy();
            }
        } catch (RuntimeException e) {
            console.warn("could not reset the proxy: " + e.getMessage());
        }
        // closing drops the run's schema first (an owned database stopped by its own shutdown hook took it along)
        try {
            environment.close();
        } catch (RuntimeException e) {
            console.warn("could not stop the environment cleanly: " + e.getMessage());
        }
    }

    /** A cancelled scenario the runner judged otherwise (it was cut short during setup): re-marked aborted. */
    private ScenarioResult asAborted(ScenarioResult r, Path resultDir) {
        ScenarioResult a = new ScenarioResult(r.schemaVersion(), r.scenario(), r.title(), r.description(),
                Verdict.ABORTED, r.seed(), r.startedAt(), r.durationMs(), r.environment(), r.config(), r.faults(),
                r.criteria(), r.recovery(), r.summary(),
                r.error() == null ? "cancelled" : "cancelled: " + r.error(), r.timeline());
        ResultFiles.write(a, resultDir);
        return a;
    }

    /** Where a compared design's result files go: a folder named after the design. */
    private Path designResults(DesignOptions.DesignRun d) {
        return plan.options().resultDir().resolve(d.design().name());
    }

    /**
     * A comparison's end: each design's own report in {@code <report>/<design>/}, the side-by-side report in
     * {@code <report>/}. Exit 0 when B meets every criterion A meets on every scenario and every scenario ran on both
     * (B's verdicts, not A's, decide: A is the baseline); 1 when B misses one, or a scenario did not run on both
     * (error, aborted, skipped on one only); 2 when a report could not be written or nothing ran.
     */
    private static String ms(Long v) {
        return v == null ? "never" : String.valueOf(v);
    }

    /**
     * The p99-by-start figure, or "not measurable" where the next fault window followed too soon for a window starting
     * within the deadline to end before it (as the criterion reports it).
     */
    private static String byStart(Long v, Long upMs) {
        if (v == null && upMs != null && upMs < io.chaosharness.result.Recovery.P99_BY_START_NEEDS_UP_MS) {
            return "not measurable";
        }
        return ms(v);
    }

    private int comparisonExitCode(List<ScenarioResult> results, int skipped, int unrecorded) {
        DesignOptions.DesignRun a = plan.designs().get(0);
        DesignOptions.DesignRun b = plan.designs().get(1);
        boolean written = writeReport(designResults(a), plan.reportDir().resolve(a.design().name())) != null
                & writeReport(designResults(b), plan.reportDir().resolve(b.design().name())) != null;
        Comparison c;
        try {
            c = ComparisonReport.generate(a.design().name(), designResults(a), b.design().name(), designResults(b),
                    plan.reportDir());
        } catch (IOException | RuntimeException e) {
            console.error("--report: could not write the comparison to " + plan.reportDir() + ": " + e.getMessage());
            return HarnessCommand.EXIT_USAGE;
        }
        for (Comparison.ScenarioComparison s : c.scenarios()) {
            console.say("compare " + s.scenario() + ": " + a.design().name() + " " + s.verdictA() + ", "
                    + b.design().name() + " " + s.verdictB() + " - " + s.conclusion());
            for (Comparison.RecoveryComparison r : s.recovery()) {
                console.say("  recovery " + r.faultId() + " (ms from the database back: first success / p99 by start"
                        + " / by completion): " + a.design().name() + " " + ms(r.firstSuccessAMs()) + " / "
                        + byStart(r.p99ByStartAMs(), r.upMs()) + " / " + ms(r.p99ByCompletionAMs()) + ", "
                        + b.design().name() + " " + ms(r.firstSuccessBMs()) + " / "
                        + byStart(r.p99ByStartBMs(), r.upMs()) + " / " + ms(r.p99ByCompletionBMs())
                        + (r.upMs() == null ? "" : " (next fault window " + r.upMs() + " ms after the database was back)"));
            }
        }
        c.regressions().forEach(r -> console.say("  " + b.design().name() + " misses: " + r));
        c.incomplete().forEach(r -> console.say("  not compared: " + r));
        console.say("comparison: " + c.conclusion());
        console.say("report: " + plan.reportDir().resolve(ComparisonReport.INDEX_HTML).toAbsolutePath()
                + (c.bHoldsUp() ? " (" + b.design().name() + " holds up)" : " (" + b.design().name()
                + " does not hold up)"));
        long notSkipped = results.stream().filter(r -> r.verdict() != Verdict.SKIPPED).count();
        if (!written) {
            return HarnessCommand.EXIT_USAGE;
        }
        if (notSkipped == 0 && unrecorded == 0) {
            console.error("no scenario ran: every selected scenario was skipped here (reasons above)");
            return HarnessCommand.EXIT_USAGE;
        }
        return c.bHoldsUp() && unrecorded == 0 && !aborted ? HarnessCommand.EXIT_PASS : HarnessCommand.EXIT_FAIL;
    }

    private ReportResult writeReport(Path resultDir, Path reportDir) {
        try {
            ReportResult report = ResilienceReport.generate(ReportRequest.builder().results(resultDir)
                    .out(reportDir).build());
            console.say("report: " + report.indexHtml() + " (" + report.verdict().id() + ")");
            report.brokenFiles().forEach(b -> console.warn("report could not read " + b.message()));
            return report;
        } catch (IOException | RuntimeException e) {
            console.error("--report: could not write the report to " + reportDir + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * 0 only when nothing failed: every scenario that ran passed (skipped ones are results too, listed with their
     * reason, and do not fail the run); 1 when any failed, errored or was aborted; 2 when the report could not be
     * written or every selected scenario was skipped here (nothing was verified).
     */
    private int exitCode(List<ScenarioResult> results, int skipped, int unrecorded, ReportResult report) {
        List<ScenarioResult> ran = results.stream().filter(r -> r.verdict() != Verdict.SKIPPED).toList();
        long passed = ran.stream().filter(r -> r.verdict() == Verdict.PASS).count();
        console.say(passed + " passed, " + (ran.size() - passed + unrecorded) + " not passed, " + skipped + " skipped"
                + (aborted ? ", run aborted" : ""));
        if (report == null) {
            return HarnessCommand.EXIT_USAGE;
        }
        if (unrecorded > 0) {
            return HarnessCommand.EXIT_FAIL;
        }
        if (ran.isEmpty()) {
            console.error("no scenario ran: every selected scenario was skipped here (reasons above)");
            return HarnessCommand.EXIT_USAGE;
        }
        return passed == ran.size() && !aborted && report.verdict() == OverallVerdict.PASS
                ? HarnessCommand.EXIT_PASS : HarnessCommand.EXIT_FAIL;
    }

    /**
     * Result files of catalog scenarios left by an earlier run would join this run's report: remove them (only files
     * named like the harness's own, {@code <scenario-id>.json}).
     */
    private static void removeEarlierResults(Path dir) throws IOException {
        for (String id : ScenarioCatalog.ids()) {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        }
    }
}
