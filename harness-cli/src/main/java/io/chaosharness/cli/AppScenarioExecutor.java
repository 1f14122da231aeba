package io.chaosharness.cli;

import io.chaosharness.blackbox.run.BlackBoxRunner;
import io.chaosharness.blackbox.run.BlackBoxScenario;
import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.HealthSpec;
import io.chaosharness.blackbox.spec.RenderContext;
import io.chaosharness.blackbox.spec.SpecException;
import io.chaosharness.blackbox.spec.StartSpec;
import io.chaosharness.blackbox.spec.Template;
import io.chaosharness.core.Seeds;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.RunOptions;
import io.chaosharness.scenario.Scenario;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code ./harness run --app SPEC}: runs each selected catalogue scenario against the application the spec describes
 * ({@link BlackBoxRunner}), on the environment {@link RunExecution} started, starting the application for each
 * scenario when the spec says how. Scenarios that make no sense for a black box ({@link BlackBoxScenario#skipReason})
 * or that the run's settings rule out (database-level faults not allowed, longer than the duration cap) are results
 * with verdict {@code skipped} and the reason.
 */
final class AppScenarioExecutor implements RunExecution.ScenarioExecutor {

    private final AppSpec spec;
    private final Map<String, String> specEnvironment;
    private final Function<String, String> masker;
    private final BlackBoxRunner.Traffic traffic;
    private final Console console;
    private final long runSeed;

    private AppScenarioExecutor(AppSpec spec, Map<String, String> specEnvironment, BlackBoxRunner.Traffic traffic,
                                Console console, long runSeed) {
        this.spec = spec;
        this.specEnvironment = specEnvironment;
        this.masker = AppSpec.masker(specEnvironment);
        this.traffic = traffic;
        this.console = console;
        this.runSeed = runSeed;
    }

    /**
     * Reads and checks everything before anything starts: the spec file, the environment variables it reads, the
     * base URL override, each selected scenario's journey duration against its fault schedule.
     *
     * @throws SpecException            naming the file, line and field
     * @throws IllegalArgumentException naming the option
     */
    static AppScenarioExecutor prepare(AppRunOptions app, RunCommand.Plan plan, Function<String, String> environment,
                                       Console console, TrafficFactory traffic) {
        AppSpec spec = AppSpec.parse(app.spec);
        if (app.baseUrl != null) {
            spec = spec.withBaseUrl(app.baseUrl);
        }
        Map<String, String> values = spec.resolveEnvironment(environment);
        values.values().forEach(console::secret);
        long seed = plan.options().seed().orElse(plan.settings().seed());
        for (Scenario s : plan.scenarios()) {
            if (BlackBoxScenario.skipReason(s.id()).isEmpty()) {
                scenario(spec, s); // a journey duration shorter than the fault schedule is refused now
            }
        }
        return new AppScenarioExecutor(spec, values, traffic.create(spec, values), console, seed);
    }

    /** Builds the load driver for a spec and the resolved values of the environment variables it reads. */
    @FunctionalInterface
    interface TrafficFactory {
        BlackBoxRunner.Traffic create(AppSpec spec, Map<String, String> environment);
    }

    private static BlackBoxScenario scenario(AppSpec spec, Scenario s) {
        Optional<java.time.Duration> duration = spec.scenarios().containsKey(s.id())
                ? Optional.of(spec.loadFor(s.id()).duration()) : Optional.empty();
        try {
            return BlackBoxScenario.of(s, duration, spec.health().map(HealthSpec::latencyTarget),
                    spec.fallback().isPresent());
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.scenarioLocations().get(s.id()), "scenarios." + s.id() + ".duration",
                    e.getMessage());
        }
    }

    AppSpec spec() {
        return spec;
    }

    /** The resolved values of the spec's {@code ${env.*}} (secrets). */
    Map<String, String> specEnvironment() {
        return specEnvironment;
    }

    @Override
    public ScenarioResult run(Scenario s, ChaosEnvironment env, RunOptions options) {
        Optional<String> skip = BlackBoxScenario.skipReason(s.id())
                .or(() -> s.skipReason(options, env.capabilities()));
        if (skip.isPresent()) {
            options.listener().scenarioSkipped(0, 0, s, skip.get());
            return BlackBoxRunner.skipped(s.id(), s.title(), s.description(), skip.get(), env, options.resultDir(),
                    runSeed);
        }
        BlackBoxScenario b = scenario(spec, s);
        options.listener().scenarioStarted(0, 0, s, b.plannedDuration());
        Optional<BlackBoxRunner.Launcher> launcher = spec.start().map(this::launcher);
        ScenarioResult r = BlackBoxRunner.run(b, env, new BlackBoxRunner.Options(spec, spec.loadFor(s.id()), traffic,
                launcher, options.resultDir(), runSeed, options.cancellation(), masker));
        options.listener().scenarioFinished(0, 0, r);
        return r;
    }

    /** Starts the application with {@link AppProcess}: the spec's command, the database's variables, its readiness. */
    private BlackBoxRunner.Launcher launcher(StartSpec start) {
        return (scenarioId, env) -> {
            Map<String, String> variables = new LinkedHashMap<>(databaseVariables(env));
            RenderContext ctx = new RenderContext(specEnvironment, Map.of(),
                    Seeds.forComponent(runSeed, "start/" + scenarioId));
            for (Map.Entry<String, Template> e : start.environment().entrySet()) {
                variables.put(e.getKey(), e.getValue().render(ctx));
            }
            Path specDir = Path.of(spec.file()).toAbsolutePath().getParent();
            Path dir = start.workingDirectory().map(specDir::resolve).orElse(specDir);
            AppProcess.Builder b = AppProcess.builder(shellCommand(start.command())).environment(variables)
                    .workingDirectory(dir).readyUrl(start.readinessUrl()).readyTimeout(start.readinessTimeout())
                    .output(line -> console.say("app | " + masker.apply(line)));
            specEnvironment.values().forEach(b::secret);
            if (env.proxiedUrl().password() != null) {
                b.secret(env.proxiedUrl().password());
            }
            AppProcess process = b.start();
            try {
                process.awaitReady();
            } catch (InterruptedException | RuntimeException e) {
                process.close();
                throw e;
            }
            return process;
        };
    }

    /** What the application needs to reach its database through the proxy (the forms {@code ./harness env} prints). */
    static Map<String, String> databaseVariables(ChaosEnvironment env) {
        return AppEnvironment.of(env).variables();
    }

    /** The spec's command (program and arguments, no shell) as one {@code sh -c} line, each word quoted. */
    static String shellCommand(List<String> command) {
        StringBuilder sb = new StringBuilder("exec");
        for (String word : command) {
            sb.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    /** Whether a result counts as run (for the summary line). */
    static boolean ran(ScenarioResult r) {
        return r.verdict() != Verdict.SKIPPED;
    }

    URI baseUrl() {
        return spec.baseUrl();
    }
}
