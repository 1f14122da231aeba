package io.chaosharness.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Concurrent logical operations through the system under test, as one or more {@link Lane}s that run side by side.
 * Every lane is bounded in count <em>and</em> time and runs a fixed number of workers.
 */
public record Workload(List<Lane> lanes) {

    public Workload {
        Objects.requireNonNull(lanes, "lanes");
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("lanes must not be empty");
        }
        lanes = List.copyOf(lanes);
    }

    /** A workload of one lane. */
    public static Workload of(Lane... lanes) {
        return new Workload(List.of(lanes));
    }

    /** When the last lane's time bound ends, from the workload's start. */
    public Duration end() {
        Duration end = Duration.ZERO;
        for (Lane l : lanes) {
            Duration e = l.startOffset().plus(l.duration());
            end = e.compareTo(end) > 0 ? e : end;
        }
        return end;
    }

    /** Whether any lane issues writes. */
    public boolean writes() {
        return lanes.stream().anyMatch(l -> l.mix().stream().anyMatch(w -> w.operation().writes()));
    }

    /** The most workers running at once (lanes may overlap). */
    public int peakConcurrency() {
        return lanes.stream().mapToInt(Lane::concurrency).sum();
    }

    /** An operation and how often it is picked relative to the others. */
    public record Weighted(WorkloadOperation operation, int weight) {
        public Weighted {
            Objects.requireNonNull(operation, "operation");
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("weight must be between 1 and 1000, but was " + weight);
            }
        }
    }

    /**
     * One stream of traffic: {@code concurrency} workers starting at {@code startOffset}, each issuing operations
     * picked from {@code mix} by weight, one every {@code pacing} at most, until {@code maxOperations} have been
     * issued by the lane or {@code duration} has passed, whichever comes first.
     */
    public record Lane(String name, Duration startOffset, int concurrency, int maxOperations, Duration duration,
                       Duration pacing, List<Weighted> mix) {

        public Lane {
            Objects.requireNonNull(name, "name");
            check("startOffset", startOffset, Duration.ZERO, Duration.ofHours(1));
            check("duration", duration, Duration.ofMillis(1), Duration.ofHours(24));
            check("pacing", pacing, Duration.ZERO, Duration.ofMinutes(1));
            if (concurrency < 1 || concurrency > 1000) {
                throw new IllegalArgumentException("concurrency must be between 1 and 1000, but was " + concurrency);
            }
            if (maxOperations < 1 || maxOperations > 10_000_000) {
                throw new IllegalArgumentException("maxOperations must be between 1 and 10000000, but was "
                        + maxOperations);
            }
            Objects.requireNonNull(mix, "mix");
            if (mix.isEmpty()) {
                throw new IllegalArgumentException("mix of lane '" + name + "' must not be empty");
            }
            mix = List.copyOf(mix);
        }

        /** Starts a lane description. */
        public static Builder named(String name) {
            return new Builder(name);
        }

        /** The same lane with at most {@code max} workers. */
        public Lane cappedAt(int max) {
            return concurrency <= max ? this
                    : new Lane(name, startOffset, max, maxOperations, duration, pacing, mix);
        }

        /** The same lane without its writing operations, or {@code null} if nothing is left. */
        public Lane withoutWrites() {
            List<Weighted> reads = mix.stream().filter(w -> !w.operation().writes()).toList();
            return reads.isEmpty() ? null : new Lane(name, startOffset, concurrency, maxOperations, duration, pacing,
                    reads);
        }

        private static void check(String field, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, field);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(field + " must be between " + min.toMillis() + " ms and "
                        + max.toMillis() + " ms, but was " + value.toMillis() + " ms");
            }
        }

        /** Builds a {@link Lane}; defaults: start at 0, 4 workers, 10 s, 1000 operations, 20 ms pacing. */
        public static final class Builder {
            private final String name;
            private Duration startOffset = Duration.ZERO;
            private int concurrency = 4;
            private int maxOperations = 1000;
            private Duration duration = Duration.ofSeconds(10);
            private Duration pacing = Duration.ofMillis(20);
            private final List<Weighted> mix = new ArrayList<>();

            private Builder(String name) {
                this.name = name;
            }

            public Builder startAt(Duration offset) {
                this.startOffset = offset;
                return this;
            }

            public Builder concurrency(int workers) {
                this.concurrency = workers;
                return this;
            }

            public Builder maxOperations(int max) {
                this.maxOperations = max;
                return this;
            }

            public Builder duration(Duration duration) {
                this.duration = duration;
                return this;
            }

            /** Each worker issues at most one operation per {@code pacing} ({@code 0}: back to back). */
            public Builder pacing(Duration pacing) {
                this.pacing = pacing;
                return this;
            }

            public Builder op(WorkloadOperation operation, int weight) {
                mix.add(new Weighted(operation, weight));
                return this;
            }

            public Lane build() {
                return new Lane(name, startOffset, concurrency, maxOperations, duration, pacing, mix);
            }
        }
    }
}
