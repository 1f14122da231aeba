package io.chaosharness.scenario;

import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.core.event.RetryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds synthetic timelines for criteria and recovery tests: offsets in milliseconds from {@link #T0}. */
final class Timelines {

    static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");

    private final List<HarnessEvent> events = new ArrayList<>();
    private final List<Verification> verifications = new ArrayList<>();

    static Timelines timeline() {
        return new Timelines();
    }

    static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    /** An operation that ended at {@code endMs} after {@code latencyMs}. */
    Timelines op(long endMs, double latencyMs, boolean ok) {
        return op("read", endMs, latencyMs, ok, 1, ok ? null : "TRANSIENT");
    }

    Timelines op(String name, long endMs, double latencyMs, boolean ok, int attempts, String failureClass) {
        events.add(new OperationEvent(at(endMs), name, attempts, latencyMs, ok ? Outcome.SUCCESS : Outcome.FAILURE,
                failureClass));
        return this;
    }

    /** {@code n} fast successful operations, one every {@code everyMs} from {@code fromMs}. */
    Timelines steady(long fromMs, int n, long everyMs, double latencyMs) {
        for (int i = 0; i < n; i++) {
            op(fromMs + i * everyMs, latencyMs, true);
        }
        return this;
    }

    Timelines attempt(long endMs, double latencyMs, boolean ok, String failureClass, String sqlState) {
        events.add(new AttemptEvent(at(endMs), "read", 1, latencyMs, ok ? Outcome.SUCCESS : Outcome.FAILURE,
                failureClass, sqlState, ok ? null : "failed"));
        return this;
    }

    Timelines retry(long ms, String failureClass) {
        events.add(new RetryEvent(at(ms), "read", 2, 1000, failureClass));
        return this;
    }

    Timelines gauge(long ms, int total, int active, int waiting) {
        events.add(new PoolGaugeEvent(at(ms), "p", total, active, total - active, waiting, 15));
        return this;
    }

    Timelines fault(String id, long appliedMs, Long removedMs) {
        events.add(new FaultEvent(at(appliedMs), id, FaultEvent.Phase.APPLIED, "proxy-down", "proxy disabled"));
        if (removedMs != null) {
            events.add(new FaultEvent(at(removedMs), id, FaultEvent.Phase.REMOVED, "proxy-down", "proxy disabled"));
        }
        return this;
    }

    Timelines event(HarnessEvent e) {
        events.add(e);
        return this;
    }

    Timelines verification(Verification v) {
        verifications.add(v);
        return this;
    }

    RunTimeline until(long endMs) {
        return new RunTimeline(events, T0, at(endMs), verifications);
    }
}
