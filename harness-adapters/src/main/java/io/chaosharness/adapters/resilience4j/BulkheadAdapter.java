package io.chaosharness.adapters.resilience4j;

import io.chaosharness.adapters.FailureClasses;
import io.chaosharness.adapters.Observation;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.sut.Insight;
import io.chaosharness.sut.SystemContext;
import java.util.Objects;
import io.chaosharness.core.event.BulkheadRejectionEvent;
import io.github.resilience4j.bulkhead.Bulkhead;

/**
 * A Resilience4j {@link Bulkhead} on the run's timeline, in one line of the system under test's {@code start}:
 * <pre>{@code BulkheadAdapter.observe(bulkhead, context);}</pre>
 * Each refused call becomes a {@link BulkheadRejectionEvent} (the bulkhead's name and its maximum of concurrent
 * calls). {@link FailureClasses#of} reads the refusal as {@code BULKHEAD_FULL}.
 * <p>Through Resilience4j's event publisher, which calls back on the thread that runs the decorated call. Its
 * publishers cannot drop a consumer: where the instance outlives the system under test, {@link Observation#close()}
 * it in the system's {@code close()}, or its events keep going to a finished run's timeline. One class per
 * Resilience4j module, so a system needs only the modules it uses on its class path.
 */
public final class BulkheadAdapter {

    private BulkheadAdapter() {
    }

    /** Observes {@code bulkhead} onto {@link SystemContext#recorder()}. */
    public static Observation observe(Bulkhead bulkhead, SystemContext context) {
        return observe(bulkhead, recorder(context));
    }

    /** Observes {@code bulkhead} onto {@code recorder}. */
    public static Observation observe(Bulkhead bulkhead, EventRecorder recorder) {
        Objects.requireNonNull(bulkhead, "bulkhead");
        Objects.requireNonNull(recorder, "recorder");
        Observation o = open("resilience4j bulkhead '" + bulkhead.getName() + "'", Insight.BULKHEAD, recorder);
        bulkhead.getEventPublisher().onCallRejected(e -> {
            if (o.isOpen()) {
                recorder.record(at -> new BulkheadRejectionEvent(at, e.getBulkheadName(),
                        bulkhead.getBulkheadConfig().getMaxConcurrentCalls()));
            }
        });
        return o;
    }

    private static EventRecorder recorder(SystemContext context) {
        return Objects.requireNonNull(context, "context").recorder();
    }

    private static Observation open(String source, Insight insight, EventRecorder recorder) {
        recorder.record(at -> new InsightEvent(at, insight.name(), source));
        return new Observation(source, () -> { });
    }
}
