package io.chaosharness.scenario.junit;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.Environments;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.RunOptions;
import io.chaosharness.scenario.Scenario;
import io.chaosharness.scenario.ScenarioCatalog;
import io.chaosharness.scenario.ScenarioRunner;
import io.chaosharness.sut.SystemUnderTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * The catalogue's scenarios against your own {@link SystemUnderTest}, from your own test class: one JUnit dynamic test
 * per scenario.
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> catalogue() {
 *     return Catalogue.against(MySystem::new).scenarios("brief-outage", "pool-exhaustion").dynamicTests();
 * }
 * }</pre>
 * Each dynamic test creates a fresh system, runs its scenario on the environment the process's settings choose
 * ({@code HARNESS_ENV}, {@code HARNESS_TARGET_URL}, ... as for {@code ./harness run}; embedded where nothing else is
 * asked for and no Docker engine answers), started once at the first test and closed when JUnit closes the stream,
 * writes the result file to {@code target/resilience-results/<scenario>.json} of the module under test (where
 * {@code ./harness run} and the report look for them; {@link #resultDir} for another folder, e.g. one per system when a
 * module judges two systems on the same scenario),
 * and fails with the sentences of the criteria not met when the verdict is not the expected one (by default
 * {@code pass}; {@link #expectVerdict} for a design that must fail). A scenario the settings rule out (read-only, caps)
 * is reported as skipped with the reason (an aborted test), not as a failure. {@link #then} adds your own assertions on
 * each result; {@link #run()} returns the results without asserting.
 *
 * <p>Immutable: every option returns a new value.
 */
public final class Catalogue {

    private final Supplier<? extends SystemUnderTest> systems;
    private final List<Scenario> scenarios;
    private final Verdict expected;
    private final List<Consumer<ScenarioResult>> checks;
    private final Long seed;
    private final Path resultDir;

    private Catalogue(Supplier<? extends SystemUnderTest> systems, List<Scenario> scenarios, Verdict expected,
                      List<Consumer<ScenarioResult>> checks, Long seed, Path resultDir) {
        this.systems = systems;
        this.scenarios = List.copyOf(scenarios);
        this.expected = expected;
        this.checks = List.copyOf(checks);
        this.seed = seed;
        this.resultDir = resultDir;
    }

    /**
     * The whole catalogue against the systems {@code systems} creates (one per scenario, not started: the run starts
     * and closes it), expecting every scenario to pass. Narrow it with {@link #scenarios}.
     */
    public static Catalogue against(Supplier<? extends SystemUnderTest> systems) {
        return new Catalogue(Objects.requireNonNull(systems, "systems"), ScenarioCatalog.all(), Verdict.PASS,
                List.of(), null, null);
    }

    /**
     * Only the scenarios with these catalogue ids, in this order.
     *
     * @throws IllegalArgumentException naming an unknown id and the known ones
     */
    public Catalogue scenarios(String... ids) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("scenarios: name at least one scenario id; known: "
                    + ScenarioCatalog.ids());
        }
        List<Scenario> selected = new ArrayList<>();
        for (String id : ids) {
            selected.add(ScenarioCatalog.byId(id).orElseThrow(() -> new IllegalArgumentException(
                    "scenarios: unknown scenario '" + id + "'; known: " + ScenarioCatalog.ids())));
        }
        return new Catalogue(systems, selected, expected, checks, seed, resultDir);
    }

    /**
     * The verdict each scenario must have: {@link Verdict#PASS} (the default) or {@link Verdict#FAIL} (a design that
     * must be caught, e.g. the system before its fix).
     */
    public Catalogue expectVerdict(Verdict verdict) {
        if (verdict != Verdict.PASS && verdict != Verdict.FAIL) {
            throw new IllegalArgumentException("expectVerdict must be pass or fail, but was "
                    + (verdict == null ? "null" : verdict.json()));
        }
        return new Catalogue(systems, scenarios, verdict, checks, seed, resultDir);
    }

    /** More assertions on each result, run after the verdict matched (e.g. a count from its criteria). */
    public Catalogue then(Consumer<ScenarioResult> check) {
        List<Consumer<ScenarioResult>> more = new ArrayList<>(checks);
        more.add(Objects.requireNonNull(check, "check"));
        return new Catalogue(systems, scenarios, expected, more, seed, resultDir);
    }

    /** Replays run seed {@code seed} (default: the environment's, printed and recorded in every result). */
    public Catalogue seed(long seed) {
        return new Catalogue(systems, scenarios, expected, checks, seed, resultDir);
    }

    /**
     * Where result files go (default: {@link #defaultResultDir()}). A result file is named after its scenario: give
     * each system its own folder when one module runs the same scenario against two systems.
     */
    public Catalogue resultDir(Path dir) {
        return new Catalogue(systems, scenarios, expected, checks, seed, Objects.requireNonNull(dir, "resultDir"));
    }

    /** The selected scenario ids, in order. */
    public List<String> ids() {
        return scenarios.stream().map(Scenario::id).toList();
    }

    /** The folder result files go to by default: {@code <module>/target/resilience-results}. */
    public static Path defaultResultDir() {
        String basedir = System.getProperty("basedir"); // set by Surefire and Failsafe; else the working directory
        Path module = basedir == null || basedir.isBlank() ? Path.of("") : Path.of(basedir);
        return module.resolve(RunOptions.DEFAULT_RESULT_DIR).toAbsolutePath();
    }

    /**
     * One dynamic test per selected scenario, run in order on one environment (started by the first, closed when the
     * stream is closed, as JUnit does with a {@code @TestFactory}'s stream).
     */
    public Stream<DynamicTest> dynamicTests() {
        SharedEnvironment env = new SharedEnvironment();
        return scenarios.stream()
                .map(s -> DynamicTest.dynamicTest(s.id() + " (" + s.title() + "), expecting " + expected.json(),
                        () -> assertResult(runOne(s, env.get()))))
                .onClose(env::close);
    }

    /** Runs the selected scenarios on one environment and returns their results, asserting nothing. */
    public List<ScenarioResult> run() {
        try (SharedEnvironment env = new SharedEnvironment()) {
            List<ScenarioResult> out = new ArrayList<>();
            for (Scenario s : scenarios) {
                out.add(runOne(s, env.get()));
            }
            return out;
        }
    }

    private ScenarioResult runOne(Scenario scenario, ChaosEnvironment env) {
        SystemUnderTest system = Objects.requireNonNull(systems.get(), "the system supplier returned null");
        Path dir = resultDir != null ? resultDir : defaultResultDir();
        RunOptions.Builder options = RunOptions.builder().resultDir(dir);
        if (seed != null) {
            options.seed(seed);
        }
        return ScenarioRunner.run(scenario, system, env, options.build());
    }

    private void assertResult(ScenarioResult r) {
        if (r.verdict() == Verdict.SKIPPED) {
            Assumptions.abort(r.scenario() + " skipped: " + r.error());
        }
        if (r.verdict() != expected) {
            throw new AssertionFailedError(describe(r, expected), expected.json(), r.verdict().json());
        }
        for (Consumer<ScenarioResult> check : checks) {
            check.accept(r);
        }
    }

    /** What a failed expectation says: the verdicts, the criteria not met (or, for an unexpected pass, all met). */
    static String describe(ScenarioResult r, Verdict expected) {
        StringBuilder sb = new StringBuilder(r.scenario()).append(" (").append(r.title()).append("): expected ")
                .append(expected.json()).append(", but was ").append(r.verdict().json());
        if (r.error() != null) {
            sb.append(" - ").append(r.error());
        }
        List<CriterionResult> unmet = r.criteria().stream().filter(c -> !c.passed()).toList();
        if (!unmet.isEmpty()) {
            sb.append("; ").append(unmet.size()).append(" of ").append(r.criteria().size())
                    .append(" criteria not met:");
            unmet.forEach(c -> sb.append("\n  - ").append(c));
        } else if (r.verdict() == Verdict.PASS) {
            sb.append(": every criterion was met:");
            r.criteria().forEach(c -> sb.append("\n  - ").append(c));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Catalogue{" + ids() + ", expecting " + expected.json() + (seed == null ? "" : ", seed " + seed) + "}";
    }

    /** The environment of one stream or run: started on first use, closed once. */
    private static final class SharedEnvironment implements AutoCloseable {
        private ChaosEnvironment env;

        synchronized ChaosEnvironment get() {
            if (env == null) {
                env = Environments.fromSystem().start();
            }
            return env;
        }

        @Override
        public synchronized void close() {
            if (env != null) {
                env.close();
                env = null;
            }
        }
    }
}
