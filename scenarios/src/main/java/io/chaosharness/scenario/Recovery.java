package io.chaosharness.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovery after one fault window, measured from the timeline only ({@code recovery[]} in the result file).
 *
 * @param faultId            the window's fault id
 * @param toFirstSuccessMs   from the fault's removal to the first operation that ended in success, or {@code null}
 *                           if none did within the run
 * @param toP99Under100msMs  from the fault's removal to the first moment the operations that ended in the preceding
 *                           {@link #WINDOW} (and after the removal) number at least {@link #MIN_OPERATIONS} and have
 *                           a p99 under 100 ms, failures counting as infinitely slow; {@code null} if not reached
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Recovery(String faultId, Long toFirstSuccessMs, Long toP99Under100msMs) {

    /** The sliding window over operation events. */
    public static final Duration WINDOW = Duration.ofSeconds(1);
    /** Operations a window must hold before its p99 counts. */
    public static final int MIN_OPERATIONS = 10;
    /** The seed plan's query latency target. */
    public static final double THRESHOLD_MS = 100.0;

    /** Recovery for every fault window of {@code timeline}, in order of application. */
    public static List<Recovery> measure(RunTimeline timeline) {
        List<Recovery> out = new ArrayList<>();
        List<OperationEvent> ops = timeline.operations();
        for (ObservedFault f : timeline.faults()) {
            out.add(measure(f, ops));
        }
        return out;
    }

    /** Recovery after {@code fault}, over {@code operations} in time order. */
    public static Recovery measure(ObservedFault fault, List<OperationEvent> operations) {
        Instant removed = fault.removed();
        if (removed == null) {
            return new Recovery(fault.id(), null, null);
        }
        Long firstSuccess = null;
        List<OperationEvent> after = new ArrayList<>();
        for (OperationEvent op : operations) {
            if (op.at().isBefore(removed)) {
                continue;
            }
            after.add(op);
            if (firstSuccess == null && op.outcome() == Outcome.SUCCESS) {
                firstSuccess = Duration.between(removed, op.at()).toMillis();
            }
        }
        Long p99Back = null;
        int from = 0;
        for (int i = 0; i < after.size(); i++) {
            Instant t = after.get(i).at();
            Instant windowStart = t.minus(WINDOW);
            while (!after.get(from).at().isAfter(windowStart)) {
                from++;
            }
            int n = i - from + 1;
            if (n < MIN_OPERATIONS) {
                continue;
            }
            double[] latencies = new double[n];
            for (int k = 0; k < n; k++) {
                OperationEvent op = after.get(from + k);
                latencies[k] = op.outcome() == Outcome.SUCCESS ? op.latencyMs() : Double.POSITIVE_INFINITY;
            }
            if (Percentiles.of(latencies, 99) < THRESHOLD_MS) {
                p99Back = Duration.between(removed, t).toMillis();
                break;
            }
        }
        return new Recovery(fault.id(), firstSuccess, p99Back);
    }
}
