package io.chaosharness.cli;

import io.chaosharness.blackbox.run.BlackBoxScenario;
import io.chaosharness.blackbox.run.DriverTraffic;
import io.chaosharness.blackbox.load.Preflight;
import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.HealthSpec;
import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.blackbox.spec.SpecException;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.scenario.FaultStep;
import io.chaosharness.scenario.Scenario;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code ./harness run --app SPEC}: reads the spec (errors name file, line and field; exit 2, nothing started), then
 * runs the selected scenarios through {@link RunExecution} with the black-box executor, so the environment, Ctrl-C,
 * the result files, the report and the exit codes are those of {@code ./harness run}.
 */
final class AppRun {

    private AppRun() {
    }

    static int run(AppRunOptions app, RunCommand.Plan requested, Function<String, String> environment,
                   Console console, boolean list, boolean dryRun) {
        // the harness sends no SQL of its own here: the run creates no schema (an application that keeps its tables in
        // a schema of its own, as ./harness app does, gets a plain database URL)
        RunCommand.Plan plan = new RunCommand.Plan(requested.kind(), requested.target(), requested.targetSource(),
                requested.scenarios(), requested.options(),
                EnvironmentSettings.from(requested.settings()).ownsSchema(false).build(), requested.reportDir(),
                requested.notes(), requested.designs());
        AppScenarioExecutor executor;
        try {
            executor = AppScenarioExecutor.prepare(app, plan, environment, console,
                    (spec, values) -> new DriverTraffic(spec, values, false));
        } catch (SpecException | IllegalArgumentException e) {
            console.error("--app: " + e.getMessage());
            return HarnessCommand.EXIT_USAGE;
        }
        if (list || dryRun) {
            printPlan(console, executor.spec(), plan, dryRun);
            return HarnessCommand.EXIT_PASS;
        }
        AppSpec spec = executor.spec();
        if (spec.start().isEmpty()) {
            // an application already running: the base URL must answer and every step its expected status, before
            // anything starts (a started application is checked by its readiness URL instead)
            try {
                Preflight.check(spec, executor.specEnvironment(), false);
            } catch (SpecException e) {
                console.error("--app: " + e.getMessage());
                return HarnessCommand.EXIT_USAGE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return HarnessCommand.EXIT_USAGE;
            }
        }
        console.say("judging " + spec.name() + " at " + spec.baseUrl() + " over HTTP"
                + (spec.start().isPresent() ? " (started by the harness for each scenario: "
                + abbreviated(String.join(" ", spec.start().get().command())) + ")" : " (already running)"));
        return new RunExecution(plan, console, executor).runWithAbortHook();
    }

    private static String abbreviated(String command) {
        return command.length() <= 120 ? command : command.substring(0, 117) + "...";
    }

    private static void printPlan(Console console, AppSpec spec, RunCommand.Plan plan, boolean dryRun) {
        if (dryRun) {
            console.say("dry run: nothing is started, nothing is changed");
        }
        console.say("application " + spec.name() + " at " + spec.baseUrl() + ", " + spec.journeys().size()
                + " journey(s), environment " + plan.kind().id());
        int n = 0;
        for (Scenario s : plan.scenarios()) {
            n++;
            Optional<String> skip = BlackBoxScenario.skipReason(s.id());
            if (skip.isPresent()) {
                console.say("[" + n + "/" + plan.scenarios().size() + "] " + s.id() + " - SKIPPED for a black box: "
                        + skip.get());
                continue;
            }
            LoadSettings load = spec.loadFor(s.id());
            BlackBoxScenario b = BlackBoxScenario.of(s, spec.scenarios().containsKey(s.id())
                    ? Optional.of(load.duration()) : Optional.empty(), spec.health().map(HealthSpec::latencyTarget),
                    spec.fallback().isPresent());
            console.say("[" + n + "/" + plan.scenarios().size() + "] " + s.id() + " - " + s.title() + ", "
                    + DurationConverter.format(b.plannedDuration()) + ", " + load.users() + " users every "
                    + DurationConverter.format(load.thinkTime()));
            if (!dryRun) {
                continue;
            }
            for (FaultStep f : b.faults()) {
                console.say("      fault at " + DurationConverter.format(f.at()) + " for "
                        + DurationConverter.format(f.duration()) + ": " + f.fault().describe());
            }
            console.say("      criteria: " + String.join("; ", b.criteria().stream()
                    .map(c -> c.name() + " " + c.target()).toList()));
            b.notJudged().forEach(x -> console.say("      adapted to a black box: " + x));
        }
    }
}
