package io.chaosharness.blackbox.run;

import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.HealthSpec;
import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.chaos.FaultInjector;
import io.chaosharness.chaos.FaultSchedule;
import io.chaosharness.chaos.ScheduledFaults;
import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.EnvironmentInfo;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.Cancellation;
import io.chaosharness.scenario.Criterion;
import io.chaosharness.scenario.FaultStep;
import io.chaosharness.scenario.Measurements;
import io.chaosharness.scenario.RunTimeline;
import io.chaosharness.scenario.ScenarioRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link BlackBoxScenario} against an application over HTTP, the way {@link ScenarioRunner} runs a catalogue
 * scenario against a {@code SystemUnderTest}, and writes the same result file:
 * <ol>
 *   <li>reset the proxy; start the application if the run starts it ({@link Launcher}, given the database URL
 *       through the proxy; it returns once the application is ready);</li>
 *   <li>start the scenario's fault schedule, the health probe and the journeys ({@link Traffic}) together; every
 *       request becomes an {@link OperationEvent} of one attempt (latency from its planned time), every response the
 *       spec recognises as a fallback a granted {@link FallbackEvent}, every health probe an
 *       {@code AvailabilityCheckEvent};</li>
 *   <li>remove every fault, keep the tail, stop the application;</li>
 *   <li>judge the criteria from the timeline ({@link RunTimeline}, the catalogue's criteria and
 *       {@link BlackBoxCriteria}), with {@link Measurements}' recovery and key figures, and write
 *       {@code <resultDir>/<id>.json}.</li>
 * </ol>
 * Nothing outlives a run: the schedule, the probe, the traffic and the application are stopped and the proxy reset
 * even when the run fails. A cancelled run ends with verdict {@code aborted}.
 */
public final class BlackBoxRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BlackBoxRunner.class);
    /** The journeys run this long before the measured start, unrecorded. */
    static final Duration WARM_UP = Duration.ofSeconds(1);
    /** Longest wait for the fault schedule past the journeys' end. */
    private static final Duration SCHEDULE_LIMIT = Duration.ofSeconds(30);

    /** Starts the application for one run against {@code environment}'s database (through its proxy); returns once it is ready. */
    @FunctionalInterface
    public interface Launcher {
        /** The running application; closing it stops it. */
        AutoCloseable start(String scenarioId, ChaosEnvironment environment) throws Exception;
    }

    /** The open-model load driver: sends the spec's journeys with {@code load}, reporting every request. */
    @FunctionalInterface
    public interface Traffic {
        /**
         * Sends the journeys from now for {@code load.duration()}, calls {@code sink} once per request as it ends, and
         * returns once every request has ended (each is bounded by {@code load.requestTimeout()}) or
         * {@code cancellation} is cancelled.
         */
        void run(LoadSettings load, long seed, java.util.function.Consumer<RequestRecord> sink,
                 Cancellation cancellation) throws InterruptedException;
    }

    /**
     * What one run needs besides the scenario.
     *
     * @param spec         the application spec (base URL, journeys, fallback, health)
     * @param load         this scenario's load (the spec's; its duration is the scenario's {@code workload})
     * @param traffic      the load driver for the spec's journeys
     * @param launcher     starts the application, or empty when it runs already (the spec's base URL)
     * @param resultDir    where the result file goes
     * @param seed         the run seed (the scenario's seed derives from it)
     * @param cancellation cancels the run (Ctrl-C): it ends aborted
     * @param masker       masks secrets (the spec's environment values, passwords) in anything written
     */
    public record Options(AppSpec spec, LoadSettings load, Traffic traffic, Optional<Launcher> launcher,
                          Path resultDir, long seed, Cancellation cancellation, Function<String, String> masker) {
        public Options {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(load, "load");
            Objects.requireNonNull(traffic, "traffic");
            Objects.requireNonNull(launcher, "launcher");
            Objects.requireNonNull(resultDir, "resultDir");
            Objects.requireNonNull(cancellation, "cancellation");
            Objects.requireNonNull(masker, "masker");
        }
    }

    private BlackBoxRunner() {
    }

    /** Runs {@code scenario} and writes its result; never throws for a failed run. */
    public static ScenarioResult run(BlackBoxScenario scenario, ChaosEnvironment environment, Options options) {
        ScenarioResult result = new Run(scenario, environment, options).execute();
        ResultFiles.write(result, options.resultDir());
        return result;
    }

    /**
     * The result of a catalogue scenario that does not run against a black box: verdict {@code skipped} with the
     * reason, written like any other.
     */
    public static ScenarioResult skipped(String id, String title, String description, String reason,
                                         ChaosEnvironment environment, Path resultDir, long runSeed) {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        recorder.record(at -> new NoteEvent(at, id, "skipped: " + reason));
        Instant now = recorder.now();
        RunTimeline t = new RunTimeline(recorder.snapshot(), now, now);
        ScenarioResult r = new ScenarioResult(ResultFiles.SCHEMA_VERSION, id, title, description, Verdict.SKIPPED,
                ScenarioRunner.scenarioSeed(runSeed, id), now, 0L, info(environment.capabilities()),
                Map.of("system", "black box", "seed", runSeed), List.of(), List.of(), List.of(),
                Measurements.summary(t), reason, recorder.snapshot());
        ResultFiles.write(r, resultDir);
        return r;
    }

    private static EnvironmentInfo info(EnvironmentCapabilities caps) {
        return new EnvironmentInfo(caps.provider(), caps.postgresVersion(), caps.proxyImplementation(),
                System.getProperty("harness.commit", System.getenv("HARNESS_COMMIT")),
                System.getProperty("java.version"));
    }

    /** The state of one run. */
    private static final class Run {
        private final BlackBoxScenario scenario;
        private final ChaosEnvironment env;
        private final Options options;
        private final EnvironmentCapabilities caps;
        private final long seed;
        private final EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        private final Instant createdAt = Instant.now();
        private Instant start;

        Run(BlackBoxScenario scenario, ChaosEnvironment env, Options options) {
            this.scenario = scenario;
            this.env = env;
            this.options = options;
            this.caps = env.capabilities();
            this.seed = ScenarioRunner.scenarioSeed(options.seed(), scenario.id());
        }

        ScenarioResult execute() {
            FaultInjector injector = new FaultInjector(env, recorder);
            ScheduledFaults schedule = null;
            HealthProbe probe = null;
            AutoCloseable app = null;
            String error = null;
            Verdict forced = null;
            try {
                env.resetProxy();
                note("scenario " + scenario.id() + " against " + options.spec().name() + " at "
                        + options.spec().baseUrl() + ", run seed " + options.seed() + ", scenario seed " + seed
                        + ", " + options.load().users() + " users, think time " + options.load().thinkTime().toMillis()
                        + " ms, " + scenario.workload().toMillis() + " ms");
                scenario.notJudged().forEach(n -> note("adapted to a black box: " + n));
                if (options.launcher().isPresent()) {
                    note("starting the application");
                    app = options.launcher().get().start(scenario.id(), env);
                    note("application ready");
                }
                checkCancelled();
                // warm-up, not recorded: the application's connections opened and its code paths warm (a JIT, a pool
                // filled lazily) before the measured start, as the catalogue's runner does for its systems
                try (HealthProbe warm = healthProbe(new EventRecorder(Clock.systemUTC()))) {
                    if (warm != null) {
                        warm.start(WARM_UP);
                    }
                    options.traffic().run(options.load().withDuration(WARM_UP), seed ^ 0x5eed, r -> { },
                            options.cancellation());
                }
                note("warmed up for " + WARM_UP.toMillis() + " ms (not recorded)");
                checkCancelled();
                start = recorder.now();
                note("journeys started: planned " + scenario.plannedDuration().toMillis() + " ms");
                if (!scenario.faults().isEmpty()) {
                    FaultSchedule.Builder fs = FaultSchedule.builder();
                    for (FaultStep f : scenario.faults()) {
                        fs.add(f.at(), f.duration(), f.fault());
                    }
                    schedule = injector.schedule(fs.build());
                }
                probe = healthProbe(recorder);
                if (probe != null) {
                    probe.start(scenario.plannedDuration());
                }
                options.traffic().run(options.load().withDuration(scenario.workload()), seed, this::record,
                        options.cancellation());
                checkCancelled();
                if (schedule != null && !schedule.awaitCompletion(SCHEDULE_LIMIT)) {
                    note("fault schedule did not complete within " + SCHEDULE_LIMIT.toSeconds()
                            + " s past the journeys; removing what is left");
                }
                if (schedule != null && !schedule.failures().isEmpty()) {
                    error = "fault schedule failed: " + schedule.failures().get(0).getMessage();
                    forced = Verdict.ERROR;
                }
                injector.removeAll();
                awaitTail();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                forced = Verdict.ABORTED;
            } catch (CancelledException e) {
                error = "cancelled: " + e.getMessage();
                forced = Verdict.ABORTED;
            } catch (Exception | AssertionError e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                forced = Verdict.ERROR;
                LOG.error("{} - could not run: {}", scenario.id(), options.masker().apply(error), e);
            } finally {
                if (probe != null) {
                    try {
                        probe.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (schedule != null) {
                    try {
                        schedule.close();
                    } catch (RuntimeException e) {
                        error = error == null ? "could not remove a scheduled fault: " + e.getMessage() : error;
                    }
                }
                try {
                    injector.close();
                } catch (RuntimeException e) {
                    error = error == null ? "could not reset the faults: " + e.getMessage() : error;
                    forced = forced == null ? Verdict.ERROR : forced;
                }
                if (app != null) {
                    try {
                        app.close();
                        note("application stopped");
                    } catch (Exception e) {
                        LOG.warn("{} - stopping the application failed: {}", scenario.id(), e.toString());
                    }
                }
            }
            return judge(forced, error);
        }

        /** The health endpoint's probe recording into {@code into}, or {@code null} when the spec names none. */
        private HealthProbe healthProbe(EventRecorder into) {
            Optional<HealthSpec> health = options.spec().health();
            if (health.isEmpty()) {
                return null;
            }
            HealthSpec h = health.get();
            // a probe that has not answered by twice the latency target (at least 2 s) has failed it anyway
            Duration timeout = h.latencyTarget().multipliedBy(2).compareTo(Duration.ofSeconds(2)) < 0
                    ? Duration.ofSeconds(2) : h.latencyTarget().multipliedBy(2);
            String path = h.path().source();
            return new HealthProbe(options.spec().resolve(path), "GET " + path, h.expect(), h.interval(), timeout,
                    into);
        }

        /** One request: an operation of one attempt, and a granted fallback where the spec recognises one. */
        private void record(RequestRecord r) {
            recorder.record(at -> new OperationEvent(at, r.operation(), 1, r.latencyMs(),
                    r.success() ? Outcome.SUCCESS : Outcome.FAILURE, r.success() ? null : r.failureClass()));
            if (r.fallback()) {
                // from outside, a fallback response is a granted fallback: "zero emergency-admin fallbacks" must not
                // pass on a guess that it was refused
                recorder.record(at -> new FallbackEvent(at, r.operation(), true, "the response matched the spec's "
                        + "fallback recogniser" + (r.detail() == null ? "" : " (" + r.detail() + ")")));
            }
        }

        private void checkCancelled() {
            if (options.cancellation().isCancelled()) {
                throw new CancelledException(options.cancellation().reason().orElse("cancelled"));
            }
        }

        private void awaitTail() throws InterruptedException {
            Instant until = start.plus(scenario.plannedDuration());
            long left = Duration.between(recorder.now(), until).toMillis();
            // bounded by the tail and cut short by a cancellation
            long deadline = System.currentTimeMillis() + Math.max(0, left);
            while (System.currentTimeMillis() < deadline && !options.cancellation().isCancelled()) {
                Thread.sleep(Math.min(100, Math.max(1, deadline - System.currentTimeMillis())));
            }
        }

        private void note(String message) {
            String masked = options.masker().apply(message);
            recorder.record(at -> new NoteEvent(at, scenario.id(), masked));
        }

        private ScenarioResult judge(Verdict forced, String error) {
            Instant end = recorder.now();
            Instant begin = start == null ? createdAt : start;
            List<HarnessEvent> events = recorder.snapshot();
            RunTimeline timeline = new RunTimeline(events, begin, end.isBefore(begin) ? begin : end);
            List<CriterionResult> criteria = new ArrayList<>();
            if (start != null && forced != Verdict.ERROR) {
                for (Criterion c : scenario.criteria()) {
                    try {
                        criteria.add(c.evaluate(timeline));
                    } catch (RuntimeException e) {
                        criteria.add(new CriterionResult(c.name(), c.seedCriterion(), c.target(),
                                "evaluation failed: " + e, Verdict.FAIL, null, null, null));
                    }
                }
            }
            Verdict verdict = forced != null ? forced
                    : criteria.stream().allMatch(CriterionResult::passed) ? Verdict.PASS : Verdict.FAIL;
            AppSpec spec = options.spec();
            LoadSettings load = options.load();
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("system", "black box (HTTP)");
            cfg.put("application", spec.name());
            cfg.put("baseUrl", options.masker().apply(spec.baseUrl().toString()));
            cfg.put("spec", spec.file());
            cfg.put("journeys", spec.journeys().stream().map(j -> j.name() + " (" + j.steps().size() + " step(s))")
                    .toList());
            cfg.put("users", load.users());
            cfg.put("thinkTimeMs", load.thinkTime().toMillis());
            cfg.put("durationMs", scenario.workload().toMillis());
            cfg.put("requestTimeoutMs", load.requestTimeout().toMillis());
            cfg.put("plannedRequestsPerSecond", Math.round(load.plannedRatePerSecond() * 10) / 10.0);
            spec.health().ifPresent(h -> cfg.put("health", h.path().source() + " every " + h.interval().toMillis()
                    + " ms, healthy " + h.expect()));
            cfg.put("startedByHarness", options.launcher().isPresent());
            cfg.put("seed", options.seed());
            if (!scenario.notJudged().isEmpty()) {
                cfg.put("adaptations", scenario.notJudged());
            }
            return new ScenarioResult(ResultFiles.SCHEMA_VERSION, scenario.id(), scenario.title(),
                    scenario.description(), verdict, seed, begin, Duration.between(begin, end).toMillis(),
                    info(caps), cfg, Measurements.faults(timeline), criteria, Measurements.recovery(timeline),
                    Measurements.summary(timeline), error == null ? null : options.masker().apply(Secrets.mask(error)),
                    events);
        }
    }

    private static final class CancelledException extends RuntimeException {
        CancelledException(String reason) {
            super(reason, null, false, false);
        }
    }
}
