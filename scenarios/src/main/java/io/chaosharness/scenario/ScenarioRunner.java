package io.chaosharness.scenario;

import static org.awaitility.Awaitility.await;

import io.chaosharness.chaos.FaultInjector;
import io.chaosharness.chaos.FaultSchedule;
import io.chaosharness.chaos.ScheduledFaults;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.Seeds;
import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.RetryEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.EnvironmentInfo;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.internal.ObservedSystem;
import io.chaosharness.scenario.internal.WorkloadRunner;
import io.chaosharness.sut.SystemContext;
import io.chaosharness.sut.SystemUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scenarios against a started {@link ChaosEnvironment} and writes each result file.
 * <pre>{@code
 * try (ChaosEnvironment env = Environments.fromSystem().start()) {
 *     List<ScenarioResult> results = ScenarioRunner.runAll(ScenarioCatalog.all(), env, RunOptions.builder().build());
 * }
 * }</pre>
 * One run: reset the proxy; start a fresh timeline and the {@link SystemUnderTest} (by default the reference design as
 * the scenario configures it, {@link ReferenceSystem}) against the environment's database; create the tables; warm
 * up; start the fault schedule and the workload together, recording the outcome of every call into the system as a
 * {@link CallEvent}; wait (bounded) for the workload to drain; remove every fault; run the scenario's end-of-run
 * checks ({@link ScenarioHook}s); judge the criteria from the timeline; write {@code <resultDir>/<id>.json}.
 * Scenarios run one after another. Nothing outlives a run: the system, the schedule and the workers are closed and the
 * proxy reset even when the run fails.
 */
public final class ScenarioRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

    /** How often pool gauges are sampled. */
    public static final Duration GAUGE_PERIOD = Duration.ofMillis(250);
    /** Longest wait for the pool to open its connections before the workload starts. */
    public static final Duration WARM_UP_LIMIT = Duration.ofSeconds(20);
    /** Longest wait past the planned end for operations in flight to end. */
    public static final Duration DRAIN_LIMIT = Duration.ofSeconds(45);
    /** Extra operations issued before the workload so pooled connections have served a statement. */
    private static final int WARM_UP_OPERATIONS = 100;
    /** Longest the warm-up of the workload's operations may take. */
    private static final Duration WARM_UP_TIME = Duration.ofSeconds(3);
    /** Operations that are quick and harmless to repeat before the start. */
    private static final Set<String> WARM_UP_NAMES = Set.of("read", "authenticate");
    /** The note source of the system's state at the end of a run. */
    static final String STATE_NOTE = "pool-snapshot";

    private ScenarioRunner() {
    }

    /**
     * Runs every scenario in {@code scenarios} in order, writing each result; returns every result, those skipped here
     * included (verdict {@code skipped} with the reason, as the listener hears). Scenarios not started because the
     * run was cancelled have no result.
     */
    public static List<ScenarioResult> runAll(List<Scenario> scenarios, ChaosEnvironment environment,
                                              RunOptions options) {
        return runAll(scenarios, environment, options, ReferenceSystem::of);
    }

    /** {@link #runAll(List, ChaosEnvironment, RunOptions)} against the systems {@code systems} creates, one per run. */
    public static List<ScenarioResult> runAll(List<Scenario> scenarios, ChaosEnvironment environment,
                                              RunOptions requested, Function<Scenario, SystemUnderTest> systems) {
        RunOptions options = requested.within(environment.settings());
        List<ScenarioResult> results = new ArrayList<>();
        int n = 0;
        EnvironmentCapabilities caps = environment.capabilities();
        for (Scenario s : scenarios) {
            n++;
            if (options.cancellation().isCancelled()) {
                LOG.info("run cancelled ({}): {} scenario(s) not started", options.cancellation().reason().orElse(""),
                        scenarios.size() - n + 1);
                break;
            }
            results.add(run(s, systems.apply(s), environment, options, n, scenarios.size()));
        }
        return results;
    }

    /**
     * Runs one scenario against the reference design and writes its result to {@code options.resultDir()}; never
     * throws for a failed run. The options are bounded by the environment's settings ({@link RunOptions#within}): a
     * scenario those settings rule out (a write scenario on a read-only run, longer than the duration cap, database
     * faults not allowed, a cap below what it needs) does not run: its result has verdict {@code skipped} and the
     * reason, and is written like any other.
     */
    public static ScenarioResult run(Scenario scenario, ChaosEnvironment environment, RunOptions options) {
        return run(scenario, ReferenceSystem.of(scenario), environment, options.within(environment.settings()), 1, 1);
    }

    /** The run seed: the options' if given, else the environment's (the one its proxy draws from). */
    public static long runSeed(RunOptions options, ChaosEnvironment environment) {
        return options.seed().orElse(environment.seed());
    }

    /** A scenario's seed, computed (not drawn) from the run seed and the scenario's id. */
    public static long scenarioSeed(long runSeed, String scenarioId) {
        return Seeds.forComponent(runSeed, "scenario/" + scenarioId).nextLong();
    }

    /**
     * Runs one scenario against {@code system} (not started yet; the run starts and closes it) and writes its result;
     * never throws for a failed run. The scenario's {@link ScenarioConfig} is the reference design's and is ignored by
     * other systems.
     */
    public static ScenarioResult run(Scenario scenario, SystemUnderTest system, ChaosEnvironment environment,
                                     RunOptions options) {
        return run(scenario, system, environment, options.within(environment.settings()), 1, 1);
    }

    private static ScenarioResult run(Scenario scenario, SystemUnderTest system, ChaosEnvironment environment,
                                      RunOptions options, int index, int count) {
        Optional<String> skip = scenario.skipReason(options, environment.capabilities());
        ScenarioResult result;
        if (skip.isPresent()) {
            LOG.info("{} - skipped: {}", scenario.id(), skip.get());
            options.listener().scenarioSkipped(index, count, scenario, skip.get());
            result = new Run(scenario, system, environment, options, index, count).skipped(skip.get());
            ResultFiles.write(result, options.resultDir());
            return result;
        }
        options.listener().scenarioStarted(index, count, scenario, scenario.plannedDuration());
        Scenario adapted = scenario.adaptedTo(options);
        if (!(system instanceof ReferenceSystem)) {
            adapted = adapted.forOtherSystem();
        }
        result = new Run(adapted, system, environment, options, index, count).execute();
        Path file = ResultFiles.write(result, options.resultDir());
        LOG.info("{} - {} ({} ms), written to {}", scenario.id(), result.verdict().json(), result.durationMs(), file);
        options.listener().scenarioFinished(index, count, result);
        return result;
    }

    /** Thrown inside a run at a checkpoint once the run's {@link Cancellation} is cancelled. */
    private static final class Cancelled extends RuntimeException {
        Cancelled(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The state of one run. */
    private static final class Run {
        private final Scenario scenario;
        private final SystemUnderTest system;
        private final ChaosEnvironment env;
        private final RunOptions options;
        private final int index;
        private final int count;
        private final long runSeed;
        private final long seed;
        private final String runId;
        /** Read once at the start: an environment closed by the time the result is judged cannot answer. */
        private final EnvironmentCapabilities caps;
        private final EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        private final WriteLedger ledger = new WriteLedger();
        private final List<Verification> verifications = new ArrayList<>();
        private final Instant createdAt = Instant.now();
        private Instant start;
        private boolean started;
        private Map<String, Object> config = new LinkedHashMap<>();
        /** Set when the database refused a direct connection once the faults were removed ({@link #checkEnvironment}). */
        private String environmentFailure;
        /** The retries recorded on a worker's thread during its current call (see {@link #call}). */
        private final ThreadLocal<int[]> retriesInCall = new ThreadLocal<>();

        Run(Scenario scenario, SystemUnderTest system, ChaosEnvironment env, RunOptions options, int index,
            int count) {
            this.scenario = scenario;
            this.system = system;
            this.env = env;
            this.options = options;
            this.index = index;
            this.count = count;
            this.caps = env.capabilities();
            this.runSeed = runSeed(options, env);
            this.seed = scenarioSeed(runSeed, scenario.id());
            this.runId = scenario.id() + "-" + Long.toUnsignedString(
                    Seeds.forComponent(seed ^ System.nanoTime(), "run-id").nextLong(), 36);
        }

        /** The result of a scenario ruled out here: verdict {@code skipped}, the reason, the design it names. */
        ScenarioResult skipped(String reason) {
            note("skipped: " + reason);
            config.put("notes", scenario.config().notes());
            config.put("design", scenario.config().design().name());
            config.put("design_settings", scenario.config().design().settings());
            return judge(Verdict.SKIPPED, reason);
        }

        ScenarioResult execute() {
            FaultInjector injector = new FaultInjector(env, recorder);
            WorkloadRunner workload = null;
            ScheduledFaults schedule = null;
            AutoCloseable stopOnCancel = null;
            AutoCloseable retryCounter = recorder.subscribe(e -> {
                int[] count = e instanceof RetryEvent ? retriesInCall.get() : null;
                if (count != null) {
                    count[0]++;
                }
            });
            String error = null;
            Verdict forced = null;
            try {
                env.resetProxy();
                note("scenario " + scenario.id() + " (" + index + "/" + count + "), run seed " + runSeed
                        + ", scenario seed " + seed + ", " + scenario.config());
                if (runSeed != env.seed()) {
                    note("the environment's proxy draws from seed " + env.seed() + ", not from the run seed " + runSeed
                            + ": its jitter, toxicity and slicing replay only with that seed");
                }
                Map<String, String> accounts = new LinkedHashMap<>();
                for (int u = 0; u < Operations.USERS; u++) {
                    accounts.put(Operations.userEmail(u), Operations.userPassword(u));
                }
                started = true;
                system.start(new SystemContext(scenario.id(), env.databaseUrl(), recorder, seed, runId,
                        options.readOnly(), accounts));
                config = new LinkedHashMap<>(system.configuration());
                checkCancelled();
                if (!options.readOnly()) {
                    Operations.createSchema(system);
                }
                checkCancelled();
                warmUp();
                Workload load = scenario.workload();
                if (!scenario.adaptations().isEmpty()) {
                    note("adapted to this run: " + String.join("; ", scenario.adaptations()));
                }
                warmUpOperations(load);
                checkCancelled();
                ScenarioHook.Context hookContext = new ScenarioHook.Context(system, adminDataSource(),
                        system.applicationName().orElse(env.applicationName()), runId, ledger, new HashMap<>());
                for (ScenarioHook h : scenario.hooks()) {
                    h.before(hookContext);
                }
                workload = new WorkloadRunner(scenario.id(), load, this::call, seed, recorder);
                Duration planned = scenario.plannedDuration();

                start = recorder.now();
                note("workload started: " + load.lanes().size() + " lane(s), peak " + load.peakConcurrency()
                        + " workers, planned " + planned.toMillis() + " ms, system " + system.name());
                if (!scenario.faults().isEmpty()) {
                    FaultSchedule.Builder fs = FaultSchedule.builder();
                    scenario.faults().forEach(f -> fs.add(f.at(), f.duration(), f.fault()));
                    schedule = injector.schedule(fs.build());
                }
                // a cancel stops issuing and interrupts the workload's own workers (never the caller's thread)
                stopOnCancel = options.cancellation().onCancel(workload::close);
                workload.start();
                boolean drained = awaitWorkload(workload, injector, planned);
                checkCancelled();
                if (!drained) {
                    forced = Verdict.FAIL;
                }
                if (schedule != null && !schedule.awaitCompletion(Duration.ofSeconds(30))) {
                    note("fault schedule did not complete within 30 s past the workload; removing what is left");
                }
                if (schedule != null && !schedule.failures().isEmpty()) {
                    error = "fault schedule failed: " + Secrets.mask(String.valueOf(
                            schedule.failures().get(0).getMessage()));
                    forced = Verdict.ERROR;
                }
                injector.removeAll();
                awaitTail();
                checkEnvironment();
                system.state().ifPresent(state -> recorder.record(at -> new NoteEvent(at, STATE_NOTE,
                        "at the end: " + state)));
                for (ScenarioHook h : scenario.hooks()) {
                    for (Verification v : h.after(hookContext)) {
                        verify(v);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                forced = Verdict.ABORTED;
            } catch (Cancelled e) {
                error = "cancelled: " + e.getMessage();
                forced = Verdict.ABORTED;
                LOG.info("{} - cancelled ({}): removing faults and closing the system", scenario.id(), e.getMessage());
            } catch (Exception | AssertionError e) {
                error = describe(e);
                forced = Verdict.ERROR;
                LOG.error("{} - could not run: {}", scenario.id(), error, e);
            } finally {
                close(stopOnCancel);
                close(retryCounter);
                if (workload != null) {
                    workload.close();
                }
                if (schedule != null) {
                    try {
                        schedule.close();
                    } catch (RuntimeException e) {
                        error = error == null ? "could not remove a scheduled fault: " + describe(e) : error;
                    }
                }
                try {
                    injector.close();
                } catch (RuntimeException e) {
                    error = error == null ? "could not reset the faults: " + describe(e) : error;
                    forced = forced == null ? Verdict.ERROR : forced;
                }
                if (started) {
                    try {
                        system.close();
                    } catch (RuntimeException e) {
                        LOG.warn("{} - closing the system under test failed: {}", scenario.id(), describe(e));
                    }
                }
            }
            return judge(forced, error);
        }

        private void checkCancelled() {
            if (options.cancellation().isCancelled()) {
                throw new Cancelled(options.cancellation().reason().orElse("cancelled"));
            }
        }

        /**
         * One workload operation: the body's calls into the system, timed from outside and recorded as one
         * {@link CallEvent} whatever the system records itself, with the {@link RetryEvent}s the system recorded on
         * this thread meanwhile (a synchronous retry, such as Resilience4j's, records them on the caller's thread). A
         * call abandoned because its worker was interrupted (the run is being torn down) is not an outcome of the
         * system and is not recorded.
         */
        private void call(WorkloadOperation op, RandomGenerator random, long sequence) throws Exception {
            ObservedSystem observed = new ObservedSystem(system);
            int[] retries = new int[1];
            retriesInCall.set(retries);
            long begin = System.nanoTime();
            try {
                op.body().run(new OperationContext(observed, random, sequence, runId, ledger));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | Error e) {
                double ms = (System.nanoTime() - begin) / 1e6;
                String cls = failureClass(e);
                recorder.record(at -> new CallEvent(at, op.name(), ms, Outcome.FAILURE, cls, observed.fellBack(),
                        retries[0]));
                throw e;
            } finally {
                retriesInCall.remove();
            }
            double ms = (System.nanoTime() - begin) / 1e6;
            recorder.record(at -> new CallEvent(at, op.name(), ms, Outcome.SUCCESS, null, observed.fellBack(),
                    retries[0]));
        }

        private String failureClass(Throwable e) {
            try {
                return system.failureClass(e);
            } catch (RuntimeException classifierFailed) {
                return e.getClass().getSimpleName();
            }
        }

        /** Serves a few trivial calls, so the system's connections have served a statement before the start. */
        private void warmUp() throws Exception {
            for (int i = 0; i < WARM_UP_OPERATIONS; i++) {
                system.read("warm-up", c -> c.isValid(5));
            }
        }

        /**
         * Runs each of the workload's non-writing operations a few times before the measured start (bounded in count
         * and time), so the first measured operations do not pay for class loading and JIT compilation.
         */
        private void warmUpOperations(Workload load) {
            long deadline = System.nanoTime() + WARM_UP_TIME.toNanos();
            java.util.Set<String> seen = new java.util.HashSet<>();
            java.util.random.RandomGenerator random = Seeds.forComponent(seed, "warm-up");
            for (Workload.Lane lane : load.lanes()) {
                for (Workload.Weighted w : lane.mix()) {
                    WorkloadOperation op = w.operation();
                    if (op.writes() && !op.name().equals("authenticate") || !seen.add(op.name())
                            || !WARM_UP_NAMES.contains(op.name())) {
                        continue;
                    }
                    for (int i = 0; i < WARM_UP_OPERATIONS && System.nanoTime() < deadline; i++) {
                        try {
                            op.body().run(new OperationContext(system, random, -i, runId, ledger));
                        } catch (Exception e) {
                            note("warm-up " + op.name() + " failed: " + describe(e));
                            break;
                        }
                    }
                }
            }
        }

        /**
         * Waits for the workload to drain: until the planned end plus {@link #DRAIN_LIMIT}, ticking progress about
         * once a second. Returns false (and records which workers hung, the faults in force and the system's state)
         * if workers were still running then.
         */
        private boolean awaitWorkload(WorkloadRunner workload, FaultInjector injector, Duration planned)
                throws InterruptedException {
            long startNanos = System.nanoTime();
            long plannedEnd = startNanos + planned.toNanos();
            long deadline = plannedEnd + DRAIN_LIMIT.toNanos();
            while (!workload.awaitCompletion(Duration.ofSeconds(1))) {
                long now = System.nanoTime();
                if (now >= plannedEnd) {
                    workload.stop();
                }
                tick(injector, Duration.ofNanos(now - startNanos), Duration.ofNanos(Math.max(0, plannedEnd - now)));
                if (now >= deadline) {
                    List<String> hung = workload.inFlight();
                    Duration waited = Duration.ofNanos(now - startNanos);
                    String message = hung.size() + " worker(s) still inside an operation " + waited.toMillis()
                            + " ms after the start (planned " + planned.toMillis() + " ms + drain limit "
                            + DRAIN_LIMIT.toMillis() + " ms): " + hung + "; faults in force: "
                            + injector.active() + "; " + system.name() + " " + system.state().orElse("(no state)");
                    LOG.warn("{} - {}", scenario.id(), message);
                    verify(new Verification(Verifications.WORKERS_FINISHED, false, message, hung.size()));
                    return false;
                }
            }
            verify(new Verification(Verifications.WORKERS_FINISHED, true, "every worker finished", 0));
            return true;
        }

        private void tick(FaultInjector injector, Duration elapsed, Duration remaining) {
            List<String> faults = new ArrayList<>();
            injector.active().forEach(f -> faults.add(f.fault().describe()));
            List<CallEvent> ops = recorder.ofType(CallEvent.class);
            long failed = ops.stream().filter(o -> o.outcome() == Outcome.FAILURE).count();
            options.listener().progress(new ProgressListener.Progress(scenario.id(), index, count, elapsed, remaining,
                    faults, ops.size(), failed));
        }

        /**
         * The tail after the last fault window (recovery is measured into it), as a bounded named wait. A workload that
         * reached its operation count early ends the run early: only the fault schedule and the tail are waited for.
         */
        private void awaitTail() {
            Duration faultsEnd = Duration.ZERO;
            for (FaultStep f : scenario.faults()) {
                faultsEnd = f.end().compareTo(faultsEnd) > 0 ? f.end() : faultsEnd;
            }
            Instant until = start.plus(faultsEnd).plus(scenario.tail());
            Duration left = Duration.between(recorder.now(), until);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            await("tail of " + scenario.id()).atMost(left.plusSeconds(1)).pollDelay(left)
                    .until(() -> !recorder.now().isBefore(until));
        }

        /**
         * Once the faults are gone and the tail has run: does the database itself take a connection, bypassing the
         * proxy and the system under test (the environment's admin data source, bounded by its connect and login
         * timeouts)? When it does not, a failed criterion may be the environment's and not the system's, and the
         * run is an error rather than a finding about the system ({@link #judge}). Recorded as a note either way.
         */
        private void checkEnvironment() {
            long t0 = System.nanoTime();
            try (Connection c = env.adminDataSource().getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(10);
                s.execute("SELECT 1");
                note("environment check: the database took a direct connection (bypassing the proxy) in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms after the faults were removed");
            } catch (SQLException | RuntimeException e) {
                environmentFailure = "the environment failed: its database refused a direct connection (bypassing"
                        + " the proxy and the system) after the faults were removed and the tail had run ("
                        + (System.nanoTime() - t0) / 1_000_000 + " ms, " + describe(e) + "), so the failed criteria"
                        + " may be the environment's, not the system's";
                note("environment check: " + environmentFailure);
                LOG.warn("{} - {}", scenario.id(), environmentFailure);
            }
        }

        private DataSource adminDataSource() {
            DataSource admin = env.adminDataSource();
            String database = env.proxiedUrl().database();
            if (admin instanceof PGSimpleDataSource pg && !database.equals(pg.getDatabaseName())) {
                // the admin source may point at the maintenance database; verification reads the application's
                PGSimpleDataSource copy = new PGSimpleDataSource();
                try {
                    copy.initializeFrom(pg);
                } catch (IOException | ClassNotFoundException e) {
                    throw new IllegalStateException("could not copy the admin data source: " + e.getMessage(), e);
                }
                copy.setDatabaseName(database);
                return copy;
            }
            return admin;
        }

        private void verify(Verification v) {
            verifications.add(v);
            recorder.record(at -> new NoteEvent(at, "verify", v.note()));
        }

        private void note(String message) {
            recorder.record(at -> new NoteEvent(at, scenario.id(), message));
        }

        private ScenarioResult judge(Verdict forced, String error) {
            Instant end = recorder.now();
            Instant begin = start == null ? createdAt : start;
            RunTimeline timeline = new RunTimeline(recorder.snapshot(), begin, end, verifications);
            List<CriterionResult> criteria = new ArrayList<>();
            if (start != null && forced != Verdict.ERROR) {
                for (Criterion c : scenario.criteria()) {
                    try {
                        criteria.add(c.evaluate(timeline));
                    } catch (RuntimeException e) {
                        criteria.add(new CriterionResult(c.name(), c.seedCriterion(), c.target(),
                                "evaluation failed: " + describe(e), Verdict.FAIL, null, null, null));
                    }
                }
            }
            Verdict verdict = forced != null ? forced
                    : criteria.stream().allMatch(CriterionResult::passed) ? Verdict.PASS : Verdict.FAIL;
            if (forced == Verdict.FAIL && error == null) {
                error = timeline.verification(Verifications.WORKERS_FINISHED).map(Verification::measured).orElse(null);
            }
            if (verdict == Verdict.FAIL && environmentFailure != null) {
                verdict = Verdict.ERROR; // the criteria stay, as measured; the verdict is not the system's
                error = environmentFailure + (error == null ? "" : "; " + error);
            }
            List<io.chaosharness.core.event.HarnessEvent> events = recorder.snapshot();
            EnvironmentInfo info = new EnvironmentInfo(caps.provider(), caps.postgresVersion(),
                    caps.proxyImplementation(), Commit.current(), System.getProperty("java.version"));
            Map<String, Object> cfg = new LinkedHashMap<>(config);
            cfg.putIfAbsent("system", system.name()); // which system was judged: the reference or a user's own
            cfg.put("seed", runSeed);
            if (!scenario.adaptations().isEmpty()) {
                cfg.put("adaptations", scenario.adaptations());
            }
            return new ScenarioResult(ResultFiles.SCHEMA_VERSION, scenario.id(), scenario.title(),
                    scenario.description(), verdict, seed, begin, java.time.Duration.between(begin, end).toMillis(),
                    info, cfg, Measurements.faults(timeline), criteria, Measurements.recovery(timeline),
                    Measurements.summary(timeline), error == null ? null : Secrets.mask(error), events);
        }

        private static void close(AutoCloseable c) {
            if (c == null) {
                return;
            }
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("close failed: {}", e.toString());
            }
        }

        private static String describe(Throwable e) {
            return Secrets.mask(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The harness's commit, from {@code harness.commit} / {@code HARNESS_COMMIT} or {@code git rev-parse}. */
    static final class Commit {
        private static volatile String cached;

        private Commit() {
        }

        static String current() {
            String c = cached;
            if (c == null) {
                c = lookUp();
                cached = c;
            }
            return c.isEmpty() ? null : c;
        }

        private static String lookUp() {
            String v = System.getProperty("harness.commit", System.getenv("HARNESS_COMMIT"));
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
            try {
                Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "";
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.exitValue() == 0 && out.matches("[0-9a-f]{4,40}") ? out : "";
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }
}
