package io.chaosharness.scenario;

import io.chaosharness.chaos.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a scenario is made to fail, to prove that it can: a weakened design (a config without the guard the scenario is
 * about) or a fault too strong for the design, optionally on a shorter workload so the proof stays cheap, and the
 * criteria that must then fail. {@link Scenario#weakened()} applies it; {@code WeakenedPoolTest} runs every catalogue
 * scenario's variant and checks that those criteria fail. Immutable; each method returns a new value.
 *
 * <pre>{@code
 * Weakening.of("no retries, no breaker, no budget, no socket timeout", ScenarioConfig::weakened)
 *         .mustFail("failed operations", "retries")
 * }</pre>
 */
public final class Weakening {

    private final String description;
    private final UnaryOperator<ScenarioConfig> config;
    private final Workload workload;
    private final List<FaultStep> faults;
    private final Duration tail;
    private final List<String> mustFail;

    private Weakening(String description, UnaryOperator<ScenarioConfig> config, Workload workload,
                      List<FaultStep> faults, Duration tail, List<String> mustFail) {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("description must say how the scenario is weakened, but was '"
                    + description + "'");
        }
        this.description = description;
        this.config = Objects.requireNonNull(config, "config");
        this.workload = workload;
        this.faults = faults == null ? null : List.copyOf(faults);
        this.tail = tail;
        this.mustFail = List.copyOf(mustFail);
    }

    /** A weakened design: {@code config} turns the scenario's configuration into one that must fail. */
    public static Weakening of(String description, UnaryOperator<ScenarioConfig> config) {
        return new Weakening(description, config, null, null, null, List.of());
    }

    /** The deliberately weakened pool of {@link ScenarioConfig#weakened()}: no retries, breaker, budget or socket timeout. */
    public static Weakening weakenedPool() {
        return of("no retries, no breaker, no budget, no socket timeout", ScenarioConfig::weakened);
    }

    /** The design unchanged, under the faults {@link #fault} adds instead of the scenario's (too strong for it). */
    public static Weakening fault(String description) {
        return new Weakening(description, UnaryOperator.identity(), null, List.of(), null, List.of());
    }

    /** The criteria (by name) that the weakened run must fail. */
    public Weakening mustFail(String... criteria) {
        return new Weakening(description, config, workload, faults, tail, List.of(criteria));
    }

    /** A shorter workload for the weakened run, so the proof stays cheap. */
    public Weakening workload(Workload w) {
        return new Weakening(description, config, Objects.requireNonNull(w, "workload"), faults, tail, mustFail);
    }

    /** Replaces the scenario's faults (from the first call on) with this schedule. */
    public Weakening fault(Duration at, Duration duration, Fault fault) {
        List<FaultStep> f = new ArrayList<>(faults == null ? List.of() : faults);
        f.add(new FaultStep(at, duration, fault));
        return new Weakening(description, config, workload, f, tail, mustFail);
    }

    /** Replaces the scenario's tail. */
    public Weakening tail(Duration t) {
        return new Weakening(description, config, workload, faults, Objects.requireNonNull(t, "tail"), mustFail);
    }

    /** What was weakened, for the title and {@code config.notes}. */
    public String description() {
        return description;
    }

    public UnaryOperator<ScenarioConfig> config() {
        return config;
    }

    /** The workload of the weakened run, or {@code null} to keep the scenario's. */
    public Workload workload() {
        return workload;
    }

    /** The faults of the weakened run, or {@code null} to keep the scenario's. */
    public List<FaultStep> faults() {
        return faults;
    }

    /** The tail of the weakened run, or {@code null} to keep the scenario's. */
    public Duration tail() {
        return tail;
    }

    /** The criteria the weakened run must fail; empty when nobody said (a test must then refuse it). */
    public List<String> mustFail() {
        return mustFail;
    }

    @Override
    public String toString() {
        return "Weakening{" + description + ", must fail " + mustFail + "}";
    }
}
