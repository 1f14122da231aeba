package io.chaosharness.scenario;

import io.chaosharness.chaos.Fault;
import java.time.Duration;
import java.util.Objects;

/**
 * One window of a scenario's fault schedule: apply {@code fault} at {@code at} from the workload's start and remove
 * it {@code duration} later (zero: an instant fault such as terminating backends).
 */
public record FaultStep(Duration at, Duration duration, Fault fault) {

    public FaultStep {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(fault, "fault");
        if (at.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("at and duration must not be negative, but were " + at.toMillis()
                    + " ms and " + duration.toMillis() + " ms");
        }
    }

    public Duration end() {
        return at.plus(duration);
    }
}
