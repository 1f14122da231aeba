package io.chaosharness.scenario;

import io.chaosharness.env.EnvironmentSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to run scenarios: the seed, where results go, who hears progress, caps for external targets, and what may be
 * done to the database. Immutable; build with {@link #builder()}. Every setter validates and names the field.
 *
 * <p>The environment's {@link EnvironmentSettings} bound these: the runner narrows the options by them
 * ({@link #within(EnvironmentSettings)}), so a read-only or capped environment stays so whatever the options say.
 * Without a seed here, the run seed is the environment's ({@link io.chaosharness.env.ChaosEnvironment#seed()}), the
 * same one its proxy draws from: one seed per run.
 */
public final class RunOptions {

    /** Where results go unless told otherwise (relative to the working directory). */
    public static final Path DEFAULT_RESULT_DIR = Path.of("target", "resilience-results");

    private final Long seed;
    private final Path resultDir;
    private final ProgressListener listener;
    private final Integer maxConcurrency;
    private final Duration maxDuration;
    private final boolean readOnly;
    private final boolean allowDatabaseFaults;
    private final Cancellation cancellation;

    private RunOptions(Builder b) {
        this.seed = b.seed;
        this.resultDir = b.resultDir;
        this.listener = b.listener;
        this.maxConcurrency = b.maxConcurrency;
        this.maxDuration = b.maxDuration;
        this.readOnly = b.readOnly;
        this.allowDatabaseFaults = b.allowDatabaseFaults;
        this.cancellation = b.cancellation == null ? new Cancellation() : b.cancellation;
    }

    /** The cooperative cancel the runner watches (a fresh, never-cancelled one unless one was given). */
    public Cancellation cancellation() {
        return cancellation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(RunOptions base) {
        return new Builder(base);
    }

    /**
     * The run seed, if given; every scenario derives its randomness from it and the scenario id. Empty: the
     * environment's seed is the run seed (the one its proxy draws from).
     */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /**
     * These options bounded by the environment's settings: read-only if either says so, database-level faults only
     * if both allow them, and the smaller of each cap.
     */
    public RunOptions within(EnvironmentSettings settings) {
        Builder b = new Builder(this);
        b.readOnly = readOnly || settings.readOnly();
        b.allowDatabaseFaults = allowDatabaseFaults && settings.databaseFaultsPermitted();
        settings.maxConcurrency().ifPresent(c -> b.maxConcurrency = maxConcurrency == null ? c
                : Math.min(maxConcurrency, c));
        settings.maxDuration().ifPresent(d -> b.maxDuration = maxDuration == null || d.compareTo(maxDuration) < 0
                ? d : maxDuration);
        return b.build();
    }

    /** Where {@code <scenario>.json} files are written. */
    public Path resultDir() {
        return resultDir;
    }

    public ProgressListener listener() {
        return listener;
    }

    /** The most concurrent workers any lane may use (external targets), if capped. */
    public Optional<Integer> maxConcurrency() {
        return Optional.ofNullable(maxConcurrency);
    }

    /** The longest a scenario may run (external targets), if capped; longer scenarios are skipped. */
    public Optional<Duration> maxDuration() {
        return Optional.ofNullable(maxDuration);
    }

    /** Skip scenarios that write to the database. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Allow faults that act on the database itself (restart, terminate backends, connection limit). */
    public boolean allowDatabaseFaults() {
        return allowDatabaseFaults;
    }

    @Override
    public String toString() {
        return "RunOptions{seed=" + (seed == null ? "environment's" : seed) + ", resultDir=" + resultDir + ", maxConcurrency=" + maxConcurrency
                + ", maxDuration=" + maxDuration + ", readOnly=" + readOnly + ", allowDatabaseFaults="
                + allowDatabaseFaults + "}";
    }

    /** Builds {@link RunOptions}. */
    public static final class Builder {
        private Long seed;
        private Path resultDir = DEFAULT_RESULT_DIR;
        private ProgressListener listener = ProgressListener.NONE;
        private Integer maxConcurrency;
        private Duration maxDuration;
        private boolean readOnly;
        private boolean allowDatabaseFaults = true;
        private Cancellation cancellation;

        private Builder() {
        }

        private Builder(RunOptions o) {
            seed = o.seed;
            resultDir = o.resultDir;
            listener = o.listener;
            maxConcurrency = o.maxConcurrency;
            maxDuration = o.maxDuration;
            readOnly = o.readOnly;
            allowDatabaseFaults = o.allowDatabaseFaults;
            cancellation = o.cancellation;
        }

        /** The cancel to watch; call {@link Cancellation#cancel} to end the run early as {@code aborted}. */
        public Builder cancellation(Cancellation cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder resultDir(Path dir) {
            this.resultDir = Objects.requireNonNull(dir, "resultDir");
            return this;
        }

        public Builder listener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Caps every lane's concurrency, 1..1000. */
        public Builder maxConcurrency(int max) {
            if (max < 1 || max > 1000) {
                throw new IllegalArgumentException("maxConcurrency must be between 1 and 1000, but was " + max);
            }
            this.maxConcurrency = max;
            return this;
        }

        /** Caps a scenario's planned duration, 1 s..24 h; scenarios planned longer are skipped. */
        public Builder maxDuration(Duration max) {
            if (max == null || max.compareTo(Duration.ofSeconds(1)) < 0 || max.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("maxDuration must be between 1 s and 24 h, but was " + max);
            }
            this.maxDuration = max;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder allowDatabaseFaults(boolean allow) {
            this.allowDatabaseFaults = allow;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(this);
        }
    }
}
