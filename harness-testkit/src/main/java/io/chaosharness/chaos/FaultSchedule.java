package io.chaosharness.chaos;

import io.chaosharness.core.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Faults placed on a time line: each entry applies a fault at an offset from the schedule's start and removes it
 * {@code duration} later. Immutable and bounded: at most {@value #MAX_ENTRIES} entries, none ending after
 * {@link #MAX_HORIZON}. Build with {@link #builder()} or {@link #random}.
 */
public final class FaultSchedule {

    /** Most entries a schedule may hold. */
    public static final int MAX_ENTRIES = 1000;
    /** Latest end of any entry. */
    public static final Duration MAX_HORIZON = Duration.ofHours(24);

    /** One fault window: apply {@code fault} at {@code at}, remove it at {@code at + duration}. */
    public record Entry(Duration at, Duration duration, Fault fault) {
        public Entry {
            Objects.requireNonNull(fault, "fault");
            Check.nonNegative("at", at);
            Check.nonNegative("duration", duration);
            if (at.plus(duration).compareTo(MAX_HORIZON) > 0) {
                throw new IllegalArgumentException("at + duration must be at most " + MAX_HORIZON.toHours()
                        + "h, but was " + at.plus(duration));
            }
        }

        public Duration end() {
            return at.plus(duration);
        }
    }

    private final List<Entry> entries;

    private FaultSchedule(List<Entry> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries must be at most " + MAX_ENTRIES + ", but was " + entries.size());
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::at));
        this.entries = List.copyOf(sorted);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A reproducible random schedule: {@code count} windows, one in each equal slot of {@code horizon} (so windows never
     * overlap), each lasting between {@code minDuration} and {@code maxDuration} and running a fault drawn from
     * {@code candidates}. The same seed gives the same schedule.
     */
    public static FaultSchedule random(long seed, Duration horizon, int count, Duration minDuration,
            Duration maxDuration, List<? extends Fault> candidates) {
        Check.nonNegative("horizon", horizon);
        Check.nonNegative("minDuration", minDuration);
        Check.nonNegative("maxDuration", maxDuration);
        if (count < 1 || count > MAX_ENTRIES) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_ENTRIES + ", but was " + count);
        }
        if (maxDuration.compareTo(minDuration) < 0) {
            throw new IllegalArgumentException("maxDuration must be at least minDuration (" + minDuration.toMillis()
                    + "ms), but was " + maxDuration.toMillis() + "ms");
        }
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty");
        }
        Duration slot = horizon.dividedBy(count);
        if (slot.compareTo(maxDuration) < 0) {
            throw new IllegalArgumentException("horizon / count (" + slot.toMillis()
                    + "ms) must be at least maxDuration (" + maxDuration.toMillis() + "ms), so windows cannot overlap");
        }
        RandomGenerator random = Seeds.forComponent(seed, "fault-schedule");
        Builder b = builder();
        for (int i = 0; i < count; i++) {
            long spanMs = maxDuration.toMillis() - minDuration.toMillis();
            Duration duration = minDuration.plusMillis(spanMs == 0 ? 0 : random.nextLong(spanMs + 1));
            long slackMs = slot.toMillis() - duration.toMillis();
            Duration at = slot.multipliedBy(i).plusMillis(slackMs == 0 ? 0 : random.nextLong(slackMs + 1));
            b.add(at, duration, candidates.get(random.nextInt(candidates.size())));
        }
        return b.build();
    }

    /** Entries by start time. */
    public List<Entry> entries() {
        return entries;
    }

    /** When the last window ends. */
    public Duration end() {
        return entries.stream().map(Entry::end).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FaultSchedule[");
        for (Entry e : entries) {
            sb.append("\n  at ").append(e.at().toMillis()).append("ms for ").append(e.duration().toMillis())
                    .append("ms: ").append(e.fault().describe());
        }
        return sb.append(entries.isEmpty() ? "]" : "\n]").toString();
    }

    /** Builder for a {@link FaultSchedule}. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** Apply {@code fault} at {@code at} from the start, for {@code duration}. */
        public Builder add(Duration at, Duration duration, Fault fault) {
            entries.add(new Entry(at, duration, fault));
            return this;
        }

        public FaultSchedule build() {
            return new FaultSchedule(entries);
        }
    }
}
