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
import java.util.concurrent.TimeUnit;

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
        List<ObservedFault> faults = timeline.faults();
        for (ObservedFault f : faults) {
            Instant back = databaseBack(f, faults);
            out.add(recovery(f, back, nextFaultApplied(back, faults), ops));
        }
        return out;
    }

    /**
     * When the next fault window after {@code back} was applied: the earliest application strictly after it, or
     * {@code null} if none followed ({@code back} {@code null} too). A fault applied while this one was in force is
     * part of the chain {@link #databaseBack} follows, not a next one.
     */
    static Instant nextFaultApplied(Instant back, List<ObservedFault> faults) {
        if (back == null) {
            return null;
        }
        Instant next = null;
        for (ObservedFault other : faults) {
            Instant applied = other.applied();
            if (applied != null && applied.isAfter(back) && (next == null || applied.isBefore(next))) {
                next = applied;
            }
        }
        return next;
    }

    /**
     * When the database accepts connections again after {@code fault}: its removal, or, if another fault is still in
     * force then (a connection limit outlasting the backend termination it came with), the removal of the last fault
     * overlapping it in a chain. For proxy faults that is the proxy's restoration, for a database restart the moment
     * the server accepts connections again (its removal returns then), for a connection limit its restoration.
     * {@code null} if one of them was never removed.
     */
    public static Instant databaseBack(ObservedFault fault, List<ObservedFault> faults) {
        Instant back = fault.removed();
        boolean extended = true;
        while (back != null && extended) {
            extended = false;
            for (ObservedFault other : faults) {
                if (other != fault && other.covers(back) && (other.removed() == null || other.removed().isAfter(back))) {
                    back = other.removed();
                    extended = true;
                    break;
                }
            }
        }
        return back;
    }

    /**
     * Recovery after {@code fault}, over {@code operations} in time order: {@code toFirstSuccessMs} from the fault's
     * removal to the first operation that ended in success; {@code toP99Under100msMs} (by completion) from the removal
     * to the first moment the operations that ended in the preceding {@link #RECOVERY_WINDOW} (and after the removal)
     * number at least {@link #MIN_OPERATIONS} and have a p99 under {@link #THRESHOLD_MS}; and
     * {@code toStartedP99Under100msMs} (by start, {@link #startedWindowP99Back}). Failures count as infinitely slow.
     * Each is {@code null} if not reached within the run.
     */
    public static Recovery recovery(ObservedFault fault, List<OperationEvent> operations) {
        return recovery(fault, fault.removed(), operations);
    }

    /** Recovery after {@code fault}, measured from {@code removed} (see {@link #databaseBack}), no fault after it. */
    public static Recovery recovery(ObservedFault fault, Instant removed, List<OperationEvent> operations) {
        return recovery(fault, removed, null, operations);
    }

    /**
     * Recovery after {@code fault}, measured from {@code removed} (see {@link #databaseBack}) with the next fault
     * window applied at {@code nextApplied} ({@code null}: none followed). The by-start windows end by
     * {@code nextApplied} (operations started in the next window measure that fault), and {@code upMs} records the
     * time between.
     */
    public static Recovery recovery(ObservedFault fault, Instant removed, Instant nextApplied,
                                    List<OperationEvent> operations) {
        if (removed == null) {
            return new Recovery(fault.id(), null, null, null, null);
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
        Long upMs = nextApplied == null ? null : Duration.between(removed, nextApplied).toMillis();
        return new Recovery(fault.id(), firstSuccess, p99Back, startedWindowP99Back(removed, nextApplied, operations),
                null, upMs);
    }

    /**
     * By start: from {@code removed} to the start of the earliest {@link #RECOVERY_WINDOW} sliding window in which the
     * p99 of the operations started in it (at least {@link #MIN_OPERATIONS}; only operations started at or after
     * {@code removed}) is under {@link #THRESHOLD_MS}, failures counting as infinitely slow. A window starts at the
     * start of the first operation it holds, and counts only once the run's operations reach its end (so none of
     * its operations can be missing). An operation that waited through the fault started before {@code removed} and
     * is in no window: this measures how the design serves what it is asked after the fault. {@code null} if no
     * window qualifies. Nearest rank, as {@link Percentiles#of}: the p99 of n values is under the threshold exactly
     * when at least ⌈0.99 n⌉ of them are, which lets the window slide in one pass.
     */
    public static Long startedWindowP99Back(Instant removed, List<OperationEvent> operations) {
        return startedWindowP99Back(removed, null, operations);
    }

    /**
     * {@link #startedWindowP99Back(Instant, List)} with windows that also end by {@code until} (the next fault
     * window's application; {@code null}: only the run's operations bound them).
     */
    public static Long startedWindowP99Back(Instant removed, Instant until, List<OperationEvent> operations) {
        if (removed == null || operations.isEmpty()) {
            return null;
        }
        Instant observedUntil = operations.get(0).at();
        List<long[]> started = new ArrayList<>(); // {start nanos from removal, 1 if slow or failed}
        for (OperationEvent op : operations) {
            if (op.at().isAfter(observedUntil)) {
                observedUntil = op.at();
            }
            Instant start = RunTimeline.startOf(op);
            if (start.isBefore(removed)) {
                continue;
            }
            boolean slow = op.outcome() != Outcome.SUCCESS || !(op.latencyMs() < THRESHOLD_MS);
            started.add(new long[] {Duration.between(removed, start).toNanos(), slow ? 1 : 0});
        }
        started.sort((x, y) -> Long.compare(x[0], y[0]));
        long window = RECOVERY_WINDOW.toNanos();
        long observed = Duration.between(removed, observedUntil).toNanos();
        if (until != null) {
            observed = Math.min(observed, Duration.between(removed, until).toNanos());
        }
        int end = 0;
        int slowIn = 0;
        for (int from = 0; from < started.size(); from++) {
            long s = started.get(from)[0];
            if (s + window > observed) {
                break;
            }
            while (end < started.size() && started.get(end)[0] < s + window) {
                slowIn += (int) started.get(end)[1];
                end++;
            }
            int n = end - from;
            if (n >= MIN_OPERATIONS && n - slowIn >= (int) Math.ceil(99 / 100.0 * n)) {
                return TimeUnit.NANOSECONDS.toMillis(s);
            }
            slowIn -= (int) started.get(from)[1];
        }
        return null;
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
        double maxUtil = maxUtilisation(timeline);
        long maxWaiting = 0;
        for (PoolGaugeEvent g : timeline.gauges()) {
            maxWaiting = Math.max(maxWaiting, g.waiting());
        }
        long granted = timeline.fallbacks().stream().filter(io.chaosharness.core.event.FallbackEvent::granted).count();
        long refused = timeline.fallbacks().size() - granted;
        long checkFailures = timeline.availabilityChecks().stream().filter(a -> !a.available()).count();
        long openings = 0;
        for (BreakerTransitionEvent b : timeline.breakerTransitions()) {
            if ("OPEN".equals(b.to())) {
                openings++;
            }
        }
        return new Summary((long) ops.size(), failed, (long) timeline.attempts().size(),
                (long) timeline.retries().size(), (long) timeline.budgetRefusals().size(),
                granted, round(Percentiles.mean(latencies)), round(p(latencies, 50)),
                round(p(latencies, 95)), round(p(latencies, 99)), round(maxUtil), round(p(latencies, 100)),
                (long) timeline.poolTimeouts().size(), openings, ops.isEmpty() ? 0.0 : (double) failed / ops.size(),
                refused, checkFailures, maxWaiting);
    }

    /**
     * Peak demand on the pool, over its maximum size (from the gauge; 0 without a gauge sample): the larger of the
     * most attempts in flight at once (the overlap of the attempts' intervals {@code [at - latency, at]}) and the most
     * connections the gauge saw in use or waited for ({@code active + waiting}). A pool whose connections are all dead
     * while 20 threads wait for one reads 133 %, not 0 %.
     */
    public static double maxUtilisation(RunTimeline timeline) {
        List<PoolGaugeEvent> gauges = timeline.gauges();
        if (gauges.isEmpty()) {
            return 0.0;
        }
        int max = 0;
        int demand = 0;
        for (PoolGaugeEvent g : gauges) {
            max = Math.max(max, g.max());
            demand = Math.max(demand, g.active() + g.waiting());
        }
        return max == 0 ? 0.0 : (double) Math.max(demand, peakAttemptsInFlight(timeline)) / max;
    }

    /** The most attempts in flight at once over the run; an end before a start at the same instant. */
    public static int peakAttemptsInFlight(RunTimeline timeline) {
        List<long[]> edges = new ArrayList<>();
        for (io.chaosharness.core.event.AttemptEvent a : timeline.attempts()) {
            long to = Duration.between(timeline.start(), a.at()).toNanos();
            long from = Duration.between(timeline.start(), RunTimeline.startOf(a)).toNanos();
            edges.add(new long[] {from, +1});
            edges.add(new long[] {to, -1});
        }
        edges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int inFlight = 0;
        int peak = 0;
        for (long[] e : edges) {
            inFlight += (int) e[1];
            peak = Math.max(peak, inFlight);
        }
        return peak;
    }

    private static double p(double[] values, double p) {
        return values.length == 0 ? 0.0 : Percentiles.of(values, p);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0.0 : Math.round(v * 100.0) / 100.0;
    }
}
