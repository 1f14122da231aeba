package io.chaosharness.scenario;

import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.BudgetRefusalEvent;
import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.core.event.PoolTimeoutEvent;
import io.chaosharness.core.event.RetryEvent;
import io.chaosharness.sut.Insight;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A finished run's timeline, read-only, with the queries criteria, recovery and summaries need. Only events at or
 * after {@link #start()} count (the pool's warm-up happens before); everything is derived from the events plus the
 * runner's end-of-run {@link Verification}s.
 *
 * <p>{@code OperationEvent}s and {@code AttemptEvent}s are stamped when they <em>end</em>; an operation's start is
 * {@code at - latencyMs}.
 *
 * <p>Operations and fallbacks come from the system under test where it records them itself (the reference design's
 * {@code OperationEvent}s carry its attempts; its {@code FallbackEvent}s its reasons). A system that records no
 * operation of its own is judged from the {@link CallEvent}s the runner records around every call: each becomes an
 * operation of {@code 1 + retries} attempts (the retries the system recorded on the call's thread during it, through an
 * adapter; none when it exposes no retries), and each call that fell back a fallback.
 *
 * <p>What the system exposes beyond its calls is {@link #exposes(Insight)}: criteria that need an insight it does not
 * expose are not measured, and say which adapter would measure them.
 */
public final class RunTimeline {

    private final List<HarnessEvent> events;
    private final List<HarnessEvent> allEvents;
    private final Instant start;
    private final Instant end;
    private final Map<String, Verification> verifications;
    private final boolean systemRecordsOperations;
    private final Set<Insight> insights;

    /**
     * @param events        the recorder's events, in append order (all of them; those before {@code start} are ignored)
     * @param start         when the workload started
     * @param end           when the run ended (workload drained, faults removed)
     * @param verifications end-of-run facts, by name
     */
    public RunTimeline(List<HarnessEvent> events, Instant start, Instant end, List<Verification> verifications) {
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end must not be before start (" + start + "), but was " + end);
        }
        List<HarnessEvent> all = new ArrayList<>(Objects.requireNonNull(events, "events"));
        all.sort(Comparator.comparing(HarnessEvent::at));
        this.allEvents = List.copyOf(all);
        List<HarnessEvent> kept = new ArrayList<>();
        for (HarnessEvent e : events) {
            if (!e.at().isBefore(start)) {
                kept.add(e);
            }
        }
        kept.sort(Comparator.comparing(HarnessEvent::at)); // stable: equal stamps keep append order
        this.events = List.copyOf(kept);
        Map<String, Verification> byName = new LinkedHashMap<>();
        for (Verification v : verifications) {
            byName.put(v.name(), v);
        }
        this.verifications = Map.copyOf(byName);
        this.systemRecordsOperations = all.stream().anyMatch(e -> e instanceof OperationEvent);
        this.insights = insightsOf(all, systemRecordsOperations);
    }

    private static Set<Insight> insightsOf(List<HarnessEvent> all, boolean recordsOperations) {
        if (recordsOperations) {
            // a system that records its own operations records its internals as the reference design does
            return EnumSet.allOf(Insight.class);
        }
        Set<Insight> out = EnumSet.noneOf(Insight.class);
        for (HarnessEvent e : all) {
            if (e instanceof InsightEvent i) {
                for (Insight x : Insight.values()) {
                    if (x.name().equals(i.insight())) {
                        out.add(x);
                    }
                }
            } else if (e instanceof RetryEvent) {
                out.add(Insight.RETRIES);
            } else if (e instanceof BreakerTransitionEvent) {
                out.add(Insight.CIRCUIT_BREAKER);
            } else if (e instanceof PoolGaugeEvent) {
                out.add(Insight.POOL_GAUGES);
            } else if (e instanceof PoolTimeoutEvent) {
                out.add(Insight.POOL_TIMEOUTS);
            }
        }
        return out;
    }

    /**
     * Whether the system under test exposes {@code insight} on this timeline: it said so ({@link InsightEvent}, as the
     * adapters do), recorded such events, or records its own operations (the reference design, which records all of
     * its internals). Where it does, no such event means none happened; where it does not, nothing can be said.
     */
    public boolean exposes(Insight insight) {
        return insights.contains(insight);
    }

    /** A timeline with no verifications. */
    public RunTimeline(List<HarnessEvent> events, Instant start, Instant end) {
        this(events, start, end, List.of());
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Every counted event, in time order. */
    public List<HarnessEvent> events() {
        return events;
    }

    /**
     * Every event including those before {@link #start()} (set-up and warm-up), in time order: for the few criteria
     * that must see what the pool saw before the measured run, such as calls the retry budget counted.
     */
    public List<HarnessEvent> allEvents() {
        return allEvents;
    }

    /** Counted events of one type, in time order. */
    public <E extends HarnessEvent> List<E> ofType(Class<E> type) {
        List<E> out = new ArrayList<>();
        for (HarnessEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /**
     * The logical operations: the system's own {@code OperationEvent}s, or, for a system that records none, one per
     * call the runner recorded (see the class comment).
     */
    public List<OperationEvent> operations() {
        if (systemRecordsOperations) {
            return ofType(OperationEvent.class);
        }
        List<OperationEvent> out = new ArrayList<>();
        for (CallEvent c : calls()) {
            out.add(new OperationEvent(c.at(), c.operation(), 1 + c.retries(), c.latencyMs(), c.outcome(),
                    c.failureClass()));
        }
        return out;
    }

    /** Whether the system under test records its own operations (else they are derived from the runner's calls). */
    public boolean systemRecordsOperations() {
        return systemRecordsOperations;
    }

    /** Every call into the system under test, as the runner recorded it from outside. */
    public List<CallEvent> calls() {
        return ofType(CallEvent.class);
    }

    /** Operations with the given name ({@code "read"}, {@code "authenticate"}, {@code "write"}, ...). */
    public List<OperationEvent> operations(String name) {
        return filter(operations(), o -> o.operation().equals(name));
    }

    public List<AttemptEvent> attempts() {
        return ofType(AttemptEvent.class);
    }

    public List<RetryEvent> retries() {
        return ofType(RetryEvent.class);
    }

    public List<BudgetRefusalEvent> budgetRefusals() {
        return ofType(BudgetRefusalEvent.class);
    }

    /**
     * The fallbacks the system recorded; for a system that records neither operations nor fallbacks, one per call the
     * runner saw fall back.
     */
    public List<FallbackEvent> fallbacks() {
        List<FallbackEvent> recorded = ofType(FallbackEvent.class);
        if (systemRecordsOperations || !recorded.isEmpty()) {
            return recorded;
        }
        List<FallbackEvent> out = new ArrayList<>();
        for (CallEvent c : calls()) {
            if (c.fallback()) {
                // the runner cannot tell whether the system granted a session: count it as granted (the seed's "zero
                // emergency-admin fallbacks" must not pass on a guess)
                out.add(new FallbackEvent(c.at(), c.operation(), true, "the system under test reported a fallback"));
            }
        }
        return out;
    }

    public List<BreakerTransitionEvent> breakerTransitions() {
        return ofType(BreakerTransitionEvent.class);
    }

    public List<PoolGaugeEvent> gauges() {
        return ofType(PoolGaugeEvent.class);
    }

    public List<PoolTimeoutEvent> poolTimeouts() {
        return ofType(PoolTimeoutEvent.class);
    }

    public List<AvailabilityCheckEvent> availabilityChecks() {
        return ofType(AvailabilityCheckEvent.class);
    }

    public List<NoteEvent> notes() {
        return ofType(NoteEvent.class);
    }

    /** {@code from} and {@code to} as nanoseconds from {@link #start()} (negative before it). */
    long[] offsetsNanos(Instant from, Instant to) {
        return new long[] {Duration.between(start(), from).toNanos(), Duration.between(start(), to).toNanos()};
    }

    /** When an operation or attempt started ({@code at - latency}). */
    public static Instant startOf(OperationEvent op) {
        return op.at().minusNanos(Math.round(op.latencyMs() * 1_000_000));
    }

    /** When an attempt started ({@code at - latency}). */
    public static Instant startOf(AttemptEvent attempt) {
        return attempt.at().minusNanos(Math.round(attempt.latencyMs() * 1_000_000));
    }

    /**
     * The fault windows, in order of application, pairing {@code APPLIED} and {@code REMOVED} by fault id. A window whose
     * {@code APPLIED} happened before {@link #start()} is not seen.
     */
    public List<ObservedFault> faults() {
        Map<String, FaultEvent> applied = new LinkedHashMap<>();
        Map<String, FaultEvent> removed = new LinkedHashMap<>();
        for (FaultEvent f : ofType(FaultEvent.class)) {
            if (f.phase() == FaultEvent.Phase.APPLIED) {
                applied.putIfAbsent(f.faultId(), f);
            } else {
                removed.putIfAbsent(f.faultId(), f);
            }
        }
        List<ObservedFault> out = new ArrayList<>();
        for (FaultEvent a : applied.values()) {
            FaultEvent r = removed.get(a.faultId());
            out.add(new ObservedFault(a.faultId(), a.kind(), a.description(), a.at(), r == null ? null : r.at()));
        }
        return out;
    }

    /** The faults in force at {@code at}. */
    public List<ObservedFault> faultsAt(Instant at) {
        return filter(faults(), f -> f.covers(at));
    }

    /** Whether any fault window covers {@code at}. */
    public boolean anyFaultAt(Instant at) {
        return !faultsAt(at).isEmpty();
    }

    /** An end-of-run fact by name. */
    public Optional<Verification> verification(String name) {
        return Optional.ofNullable(verifications.get(name));
    }

    public Map<String, Verification> verifications() {
        return verifications;
    }

    /** Milliseconds from the start of the run to {@code at}. */
    public long offsetMs(Instant at) {
        return Duration.between(start, at).toMillis();
    }

    private static <T> List<T> filter(List<T> in, Predicate<T> keep) {
        List<T> out = new ArrayList<>();
        for (T t : in) {
            if (keep.test(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
