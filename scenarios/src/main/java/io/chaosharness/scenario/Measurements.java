package io.chaosharness.scenario;

import io.chaosharness.core.Percentiles;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.result.FaultRecord;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario's result file says about a run, measured from its timeline only: the fault windows
 * ({@code faults[]}), recovery after each ({@code recovery[]}) and the key figures ({@code summary}). The types are the
 * result schema's ({@code io.chaosharness.result}); this is how the scenarios fill them.
 */
public final class Measurements {

    /** The sliding window over operation events in which recovery's p99 is taken. */
    public static final Duration RECOVERY_WINDOW = Duration.ofSeconds(1);
    /** Operations a recovery window must hold before its p99 counts. */
    public static final int MIN_OPERATIONS = 10;
    /** The seed plan's query latency target. */
    public static final double THRESHOLD_MS = 100.0;

    private Measurements() {
    }

    /** The fault windows of {@code timeline}, offsets from its start. */
    public static List<FaultRecord> faults(RunTimeline timeline) {
        List<FaultRecord> out = new ArrayList<>();
        for (ObservedFault f : timeline.faults()) {
            out.add(new FaultRecord(f.id(), f.kind(), f.description(), timeline.offsetMs(f.applied()),
                    f.duration() == null ? null : f.duration().toMillis()));
        }
        return out;
    }

    /** Recovery for every fault window of {@code timeline}, in order of application. */
    public static List<Recovery> recovery(RunTimeline timeline) {
        List<Recovery> out = new ArrayList<>();
        List<OperationEvent> ops = timeline.operations();
        for (ObservedFault f : timeline.faults()) {
            out.add(recovery(f, ops));
        }
        return out;
    }

    /**
     * Recovery after {@code fault}, over {@code operations} in time order: {@code toFirstSuccessMs} from the fault's
     * removal to the first operation that ended in success; {@code toP99Under100msMs} from the removal to the first
     * moment the operations that ended in the preceding {@link #RECOVERY_WINDOW} (and after the removal) number at
     * least {@link #MIN_OPERATIONS} and have a p99 under {@link #THRESHOLD_MS}, failures counting as infinitely slow.
     * Either is {@code null} if not reached within the run.
     */
    public static Recovery recovery(ObservedFault fault, List<OperationEvent> operations) {
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
            Instant windowStart = t.minus(RECOVERY_WINDOW);
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

    /**
     * The key figures of {@code timeline}. Latencies are the caller's view (operation events: retries and backoff
     * included) of successful and failed operations alike; an empty run has zeros.
     */
    public static Summary summary(RunTimeline timeline) {
        List<OperationEvent> ops = timeline.operations();
        double[] latencies = new double[ops.size()];
        long failed = 0;
        for (int i = 0; i < ops.size(); i++) {
            latencies[i] = ops.get(i).latencyMs();
            if (ops.get(i).outcome() == Outcome.FAILURE) {
                failed++;
            }
        }
        double maxUtil = 0;
        for (PoolGaugeEvent g : timeline.gauges()) {
            maxUtil = Math.max(maxUtil, g.utilisation());
        }
        long openings = 0;
        for (BreakerTransitionEvent b : timeline.breakerTransitions()) {
            if ("OPEN".equals(b.to())) {
                openings++;
            }
        }
        return new Summary((long) ops.size(), failed, (long) timeline.attempts().size(),
                (long) timeline.retries().size(), (long) timeline.budgetRefusals().size(),
                (long) timeline.fallbacks().size(), round(Percentiles.mean(latencies)), round(p(latencies, 50)),
                round(p(latencies, 95)), round(p(latencies, 99)), round(maxUtil), round(p(latencies, 100)),
                (long) timeline.poolTimeouts().size(), openings, ops.isEmpty() ? 0.0 : (double) failed / ops.size());
    }

    private static double p(double[] values, double p) {
        return values.length == 0 ? 0.0 : Percentiles.of(values, p);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0.0 : Math.round(v * 100.0) / 100.0;
    }
}
