package io.chaosharness.scenario;

import io.chaosharness.chaos.ConnectionLimit;
import io.chaosharness.chaos.DatabaseRestart;
import io.chaosharness.chaos.TerminateBackends;
import io.chaosharness.env.EnvironmentCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named experiment: the reference design's settings ({@link ScenarioConfig}), a {@link Workload} through the system
 * under test, a fault schedule ({@link FaultStep}s, offsets from the workload's start) and {@link Criterion}s with
 * targets.
 * Immutable; build with {@link #builder(String)}. Run it with {@link ScenarioRunner}.
 */
public final class Scenario {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final String id;
    private final String title;
    private final String description;
    private final String proves;
    private final ScenarioConfig config;
    private final Workload workload;
    private final List<FaultStep> faults;
    private final List<Criterion> criteria;
    private final List<ScenarioHook> hooks;
    private final Duration tail;
    private final Weakening weakening;
    private final java.util.function.Function<Workload, String> describer;
    private final String readOnlySkip;
    private final int minimumWorkers;
    private final String minimumWorkersWhy;
    private final List<String> adaptations;

    private Scenario(Builder b) {
        if (b.id == null || !ID.matcher(b.id).matches()) {
            throw new IllegalArgumentException("id must match " + ID + ", but was '" + b.id + "'");
        }
        this.id = b.id;
        this.title = require("title", b.title);
        this.describer = b.describer;
        this.workload = Objects.requireNonNull(b.workload, "workload of scenario " + b.id);
        this.description = require("description", b.describer != null ? b.describer.apply(b.workload)
                : b.description);
        this.proves = b.proves == null ? description : b.proves;
        this.config = Objects.requireNonNull(b.config, "config");
        this.faults = List.copyOf(b.faults);
        if (b.criteria.isEmpty()) {
            throw new IllegalArgumentException("criteria of scenario " + b.id + " must not be empty");
        }
        for (Criterion c : b.criteria) {
            checkTarget(b.id, c);
        }
        this.criteria = List.copyOf(b.criteria);
        this.hooks = List.copyOf(b.hooks);
        this.tail = Objects.requireNonNull(b.tail, "tail");
        this.weakening = b.weakening;
        this.readOnlySkip = b.readOnlySkip;
        if (b.adaptations.isEmpty() && b.minimumWorkers > workload.peakConcurrency()) {
            throw new IllegalArgumentException("minimum workers of scenario " + b.id + " must not exceed its peak of "
                    + workload.peakConcurrency() + ", but was " + b.minimumWorkers);
        }
        this.minimumWorkers = b.minimumWorkers;
        this.minimumWorkersWhy = b.minimumWorkersWhy;
        this.adaptations = List.copyOf(b.adaptations);
    }

    /** Starts a scenario with the given id ({@code [a-z0-9-]}, it names the result file). */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** One sentence: what a pass proves (README table). */
    public String proves() {
        return proves;
    }

    public ScenarioConfig config() {
        return config;
    }

    public Workload workload() {
        return workload;
    }

    public List<FaultStep> faults() {
        return faults;
    }

    public List<Criterion> criteria() {
        return criteria;
    }

    public List<ScenarioHook> hooks() {
        return hooks;
    }

    /** Time kept after the workload and the last fault window (recovery is measured into it). */
    public Duration tail() {
        return tail;
    }

    /** Whether the workload writes to the database (or needs written fixtures) in some operation. */
    public boolean writes() {
        return workload.writes();
    }

    /** Whether nothing is left of the workload without its writing operations. */
    public boolean onlyWrites() {
        return workload.lanes().stream().allMatch(l -> l.withoutWrites() == null);
    }

    /** Whether any fault acts on the database itself. */
    public boolean usesDatabaseFaults() {
        return faults.stream().anyMatch(f -> f.fault().isDatabaseLevel());
    }

    /** How long the run is planned to take: the later of the workload's and the faults' end, plus the tail. */
    public Duration plannedDuration() {
        Duration end = workload.end();
        for (FaultStep f : faults) {
            end = f.end().compareTo(end) > 0 ? f.end() : end;
        }
        return end.plus(tail);
    }

    /**
     * Where this scenario, as run, departs from its catalogue definition because of the run's mode or caps (a lane
     * capped, writing operations dropped); empty for the definition itself. See {@link #adaptedTo(RunOptions)}.
     */
    public List<String> adaptations() {
        return adaptations;
    }

    /**
     * This scenario as it runs with {@code options}: read-only drops writing operations, a worker cap caps every lane.
     * The description then states what runs (re-derived from the adapted workload where the scenario derives it,
     * otherwise followed by the adaptations), and {@link #adaptations()} lists them. Unchanged if nothing applies.
     * Whether the scenario keeps its meaning is {@link #skipReason}'s question, asked first.
     */
    public Scenario adaptedTo(RunOptions options) {
        List<String> changes = new ArrayList<>();
        List<Workload.Lane> lanes = new ArrayList<>();
        for (Workload.Lane l : workload.lanes()) {
            Workload.Lane lane = options.readOnly() ? l.withoutWrites() : l;
            if (lane == null) {
                changes.add("lane " + l.name() + " dropped (read-only: it only writes)");
                continue;
            }
            if (lane != l) {
                List<String> dropped = l.mix().stream().map(Workload.Weighted::operation)
                        .filter(WorkloadOperation::writes).map(WorkloadOperation::name).distinct().toList();
                if (!dropped.isEmpty()) {
                    changes.add("lane " + l.name() + " without " + String.join(", ", dropped) + " (read-only)");
                }
            }
            Workload.Lane capped = options.maxConcurrency().map(lane::cappedAt).orElse(lane);
            if (capped.concurrency() != lane.concurrency()) {
                changes.add("lane " + l.name() + " capped at " + capped.concurrency() + " workers (designed for "
                        + lane.concurrency() + ")");
            }
            lanes.add(capped);
        }
        // Logins need fixtures the harness writes, so read-only drops them; the criteria that judge logins then have
        // nothing to measure. They are not judged on such a run, and the adaptation says so.
        List<Criterion> kept = criteria;
        if (hasLogins(workload.lanes()) && !hasLogins(lanes)) {
            kept = criteria.stream().filter(c -> !judgesLogins(c)).toList();
            criteria.stream().filter(Scenario::judgesLogins).forEach(c -> changes.add("criterion '" + c.name()
                    + "' not judged (read-only: no login runs, so nothing can fall back)"));
        }
        // Recovery's p99 by start needs MIN_OPERATIONS started in one window: lanes capped below that rate could only
        // report "never", whatever the design did. Decided from the workload as planned, never from the run.
        double planned = plannedPerWindow(lanes);
        if (!lanes.equals(workload.lanes()) && planned < Measurements.MIN_OPERATIONS
                && kept.stream().anyMatch(c -> c.name().equals(RECOVERY_AT_THE_LIMIT))) {
            kept = kept.stream().filter(c -> !c.name().equals(RECOVERY_AT_THE_LIMIT)).toList();
            changes.add(String.format(java.util.Locale.ROOT, "criterion '%s' not judged: the lanes as this run "
                    + "adapts them start at most %.1f operations a second, fewer than the %d a 1 s window of its p99 "
                    + "needs", RECOVERY_AT_THE_LIMIT, planned / (Measurements.RECOVERY_WINDOW.toMillis() / 1000.0),
                    Measurements.MIN_OPERATIONS));
        }
        if (changes.isEmpty()) {
            return this;
        }
        Builder b = toBuilder();
        b.criteria.clear();
        b.criteria.addAll(kept);
        b.workload = new Workload(lanes);
        if (describer == null) {
            b.description = description + " This run: " + String.join("; ", changes) + ".";
        }
        b.adaptations.addAll(changes);
        return b.build();
    }

    /**
     * This scenario for a system other than the reference design (a user's own system under the catalogue): the
     * criteria that state the reference design's own targets ({@link Criteria#REFERENCE_DESIGN_ONLY}) are not judged,
     * and {@link #adaptations()} says so. Unchanged if it has none.
     */
    public Scenario forOtherSystem() {
        List<String> changes = new ArrayList<>();
        for (Criterion c : criteria) {
            if (Criteria.REFERENCE_DESIGN_ONLY.contains(c.name())) {
                changes.add("criterion '" + c.name() + "' not judged: it is issue 17's target for the reference "
                        + "design (first success within 100 ms of the database accepting connections again), not a "
                        + "target the catalogue sets for every system");
            }
        }
        if (changes.isEmpty()) {
            return this;
        }
        Builder b = toBuilder();
        b.criteria.clear();
        criteria.stream().filter(c -> !Criteria.REFERENCE_DESIGN_ONLY.contains(c.name())).forEach(b.criteria::add);
        if (describer == null) {
            b.description = description + " This run: " + String.join("; ", changes) + ".";
        }
        b.adaptations.addAll(changes);
        return b.build();
    }

    private static final String RECOVERY_AT_THE_LIMIT = "recovery at the limit";

    /**
     * The most operations {@code lanes} can start in one {@link Measurements#RECOVERY_WINDOW}: each worker one per
     * pacing (a lane without pacing has no such bound).
     */
    private static double plannedPerWindow(List<Workload.Lane> lanes) {
        double window = Measurements.RECOVERY_WINDOW.toNanos();
        double n = 0;
        for (Workload.Lane l : lanes) {
            if (l.pacing().isZero()) {
                return Double.POSITIVE_INFINITY;
            }
            n += l.concurrency() * Math.ceil(window / l.pacing().toNanos());
        }
        return n;
    }

    private static boolean hasLogins(List<Workload.Lane> lanes) {
        return lanes.stream().flatMap(l -> l.mix().stream())
                .anyMatch(w -> w.operation().name().equals(Operations.authenticate().name()));
    }

    private static boolean judgesLogins(Criterion c) {
        return Criteria.SEED_FALLBACKS.equals(c.seedCriterion()) || c.name().startsWith("fallback path consulted");
    }

    /** Whether a deliberately weakened pool must make this scenario fail (it proves it can fail). */
    public boolean hasWeakenedVariant() {
        return weakening != null;
    }

    /** How this scenario is weakened to prove it can fail, if it says. */
    public Optional<Weakening> weakening() {
        return Optional.ofNullable(weakening);
    }

    /**
     * The same scenario weakened as its {@link #weakening()} says (a weakened design, or a fault too strong for the
     * design, possibly on a shorter workload). It must report {@code fail}, failing the criteria
     * {@link Weakening#mustFail()} names; its {@code config.notes} say how it was weakened.
     *
     * @throws IllegalStateException if the scenario has no weakened variant
     */
    public Scenario weakened() {
        if (weakening == null) {
            throw new IllegalStateException("scenario " + id + " has no weakened variant");
        }
        Builder b = toBuilder();
        b.config = weakening.config().apply(config).withNote("weakened variant (must fail "
                + weakening.mustFail() + "): " + weakening.description());
        if (weakening.workload() != null) {
            b.workload = weakening.workload();
        }
        if (weakening.faults() != null) {
            b.faults.clear();
            b.faults.addAll(weakening.faults());
        }
        if (weakening.tail() != null) {
            b.tail = weakening.tail();
        }
        b.title = title + " (weakened: " + weakening.description() + ")";
        b.weakening = null;
        return b.build();
    }

    /** The same scenario with another configuration (e.g. a shorter duration for a smoke run). */
    public Scenario withConfig(ScenarioConfig newConfig) {
        Builder b = toBuilder();
        b.config = newConfig;
        return b.build();
    }

    /**
     * Why this scenario cannot run with {@code options} on an environment with {@code capabilities}, or empty if it
     * can: read-only runs skip writers, database-level faults need permission and the capability, and a duration
     * cap skips longer scenarios.
     */
    public Optional<String> skipReason(RunOptions options, EnvironmentCapabilities capabilities) {
        if (options.readOnly() && onlyWrites()) {
            return Optional.of("read-only run: " + id + " is about writes to the database");
        }
        if (options.readOnly() && readOnlySkip != null) {
            return Optional.of("read-only run: " + readOnlySkip);
        }
        if (minimumWorkers > 0 && options.maxConcurrency().isPresent()
                && options.maxConcurrency().get() < minimumWorkers) {
            return Optional.of("the worker cap of " + options.maxConcurrency().get() + " is below the "
                    + minimumWorkers + " " + id + " needs: " + minimumWorkersWhy);
        }
        if (usesDatabaseFaults() && !options.allowDatabaseFaults()) {
            return Optional.of("database-level faults are not allowed: " + id + " uses "
                    + faults.stream().filter(f -> f.fault().isDatabaseLevel()).map(f -> f.fault().kind()).distinct()
                    .toList());
        }
        for (FaultStep f : faults) {
            if (f.fault() instanceof DatabaseRestart && !capabilities.canRestartDatabase()) {
                return Optional.of("the " + capabilities.provider() + " environment cannot restart the database");
            }
            if (f.fault() instanceof TerminateBackends && !capabilities.canTerminateBackends()) {
                return Optional.of("the " + capabilities.provider() + " environment cannot terminate backends");
            }
            if (f.fault() instanceof ConnectionLimit && !capabilities.canLimitConnections()) {
                return Optional.of("the " + capabilities.provider() + " environment cannot limit connections");
            }
        }
        if (options.maxDuration().isPresent() && plannedDuration().compareTo(options.maxDuration().get()) > 0) {
            return Optional.of(id + " needs " + plannedDuration().toSeconds() + " s, more than the cap of "
                    + options.maxDuration().get().toSeconds() + " s");
        }
        return Optional.empty();
    }

    private Builder toBuilder() {
        Builder b = new Builder(id);
        b.title = title;
        b.description = description;
        b.proves = proves;
        b.config = config;
        b.workload = workload;
        b.faults.addAll(faults);
        b.criteria.addAll(criteria);
        b.hooks.addAll(hooks);
        b.tail = tail;
        b.weakening = weakening;
        b.describer = describer;
        b.readOnlySkip = readOnlySkip;
        b.minimumWorkers = minimumWorkers;
        b.minimumWorkersWhy = minimumWorkersWhy;
        b.adaptations.addAll(adaptations);
        return b;
    }

    /** A target no run can meet, or one that says nothing, is a mistake in the scenario: refuse to build it. */
    private static void checkTarget(String scenario, Criterion c) {
        String target = c.target();
        java.util.Optional<String> problem = c.targetProblem();
        if (problem.isEmpty() && target != null && UNMEETABLE.matcher(target).lookingAt()) {
            problem = java.util.Optional.of("can never be met");
        }
        if (problem.isPresent()) {
            throw new IllegalArgumentException("scenario " + scenario + ", criterion '" + c.name() + "': target '"
                    + target + "' " + problem.get());
        }
    }

    /** {@code < 0 ...}, {@code < 0.0 ...}, {@code < -3 ...}: below zero or nothing, which no measurement can be. */
    private static final java.util.regex.Pattern UNMEETABLE =
            java.util.regex.Pattern.compile("\\s*(<|p99 <)\\s*(-|0+(\\.0+)?(\\s|$))");

    private static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Scenario{" + id + ", " + plannedDuration().toMillis() + " ms, " + faults.size() + " fault window(s), "
                + criteria.size() + " criteria}";
    }

    /** Builds a {@link Scenario}. */
    public static final class Builder {
        private final String id;
        private String title;
        private String description;
        private String proves;
        private ScenarioConfig config = ScenarioConfig.seedPlan();
        private Workload workload;
        private final List<FaultStep> faults = new ArrayList<>();
        private final List<Criterion> criteria = new ArrayList<>();
        private final List<ScenarioHook> hooks = new ArrayList<>();
        private Duration tail = Duration.ofMillis(500);
        private Weakening weakening;
        private java.util.function.Function<Workload, String> describer;
        private String readOnlySkip;
        private int minimumWorkers;
        private String minimumWorkersWhy;
        private final List<String> adaptations = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Derives the description from the workload that runs (the catalogue's, or the one a cap or read-only mode
         * left), so it never states more users than ran. Wins over {@link #description(String)}.
         */
        public Builder describedBy(java.util.function.Function<Workload, String> describer) {
            this.describer = Objects.requireNonNull(describer, "describer");
            return this;
        }

        /** A read-only run skips this scenario, for the reason given (what it loses without writes). */
        public Builder skippedWhenReadOnly(String why) {
            this.readOnlySkip = Objects.requireNonNull(why, "why");
            return this;
        }

        /**
         * A worker cap below {@code workers} skips this scenario, for the reason given (why fewer workers would not
         * test what it names); a higher cap adapts its lanes.
         */
        public Builder minimumWorkers(int workers, String why) {
            if (workers < 1) {
                throw new IllegalArgumentException("minimumWorkers must be at least 1, but was " + workers);
            }
            this.minimumWorkers = workers;
            this.minimumWorkersWhy = Objects.requireNonNull(why, "why");
            return this;
        }

        public Builder proves(String proves) {
            this.proves = proves;
            return this;
        }

        public Builder config(ScenarioConfig config) {
            this.config = config;
            return this;
        }

        public Builder workload(Workload workload) {
            this.workload = workload;
            return this;
        }

        public Builder fault(Duration at, Duration duration, io.chaosharness.chaos.Fault fault) {
            faults.add(new FaultStep(at, duration, fault));
            return this;
        }

        public Builder criterion(Criterion criterion) {
            criteria.add(Objects.requireNonNull(criterion, "criterion"));
            return this;
        }

        public Builder hook(ScenarioHook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /** Time kept after the workload and faults end (recovery is measured into it). */
        public Builder tail(Duration tail) {
            this.tail = tail;
            return this;
        }

        /** How to make the scenario fail, and which criteria must then fail (see {@link Weakening}). */
        public Builder weakenedBy(Weakening weakening) {
            this.weakening = Objects.requireNonNull(weakening, "weakening");
            return this;
        }

        public Scenario build() {
            return new Scenario(this);
        }
    }
}
