package io.chaosharness.adapters.resilience4j;

import io.chaosharness.adapters.FailureClasses;
import io.chaosharness.adapters.Observation;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.BulkheadRejectionEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.core.event.RetryEvent;
import io.chaosharness.sut.Insight;
import io.chaosharness.sut.SystemContext;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.Objects;

/**
 * Resilience4j on the run's timeline, one line per instance in the system under test's {@code start}:
 * <pre>{@code
 * Resilience4jAdapter.observe(retry, context);          // each scheduled retry: a RetryEvent
 * Resilience4jAdapter.observe(circuitBreaker, context); // each state transition: a BreakerTransitionEvent
 * Resilience4jAdapter.observe(bulkhead, context);       // each refused call: a BulkheadRejectionEvent
 * }</pre>
 * Through their event publishers, which call back on the thread that runs the decorated call: the runner attributes a
 * retry to the call during which it was recorded on that thread (so a synchronous {@code Retry} counts per call; the
 * asynchronous decorators' retries are on the timeline but not attributed). Resilience4j's publishers cannot drop a
 * consumer: where the instance outlives the system under test, {@link Observation#close()} it in the system's
 * {@code close()}. Return {@link FailureClasses#of} from {@code failureClass} so refused calls read
 * {@code CIRCUIT_OPEN}, which the breaker's criteria count.
 */
public final class Resilience4jAdapter {

    private Resilience4jAdapter() {
    }

    /** Records every retry {@code retry} schedules: {@code RetryEvent(name, next attempt, wait, failure class)}. */
    public static Observation observe(Retry retry, SystemContext context) {
        return observe(retry, recorder(context));
    }

    /** {@link #observe(Retry, SystemContext)} onto {@code recorder}. */
    public static Observation observe(Retry retry, EventRecorder recorder) {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(recorder, "recorder");
        Observation o = open("resilience4j retry '" + retry.getName() + "'", Insight.RETRIES, recorder);
        retry.getEventPublisher().onRetry(e -> {
            if (o.isOpen()) {
                String cls = e.getLastThrowable() == null ? null : FailureClasses.of(e.getLastThrowable());
                recorder.record(at -> new RetryEvent(at, e.getName(), e.getNumberOfRetryAttempts() + 1,
                        e.getWaitInterval().toMillis(), cls));
            }
        });
        return o;
    }

    /** Records every state transition of {@code breaker}: {@code BreakerTransitionEvent(name, from, to)}. */
    public static Observation observe(CircuitBreaker breaker, SystemContext context) {
        return observe(breaker, recorder(context));
    }

    /** {@link #observe(CircuitBreaker, SystemContext)} onto {@code recorder}. */
    public static Observation observe(CircuitBreaker breaker, EventRecorder recorder) {
        Objects.requireNonNull(breaker, "circuitBreaker");
        Objects.requireNonNull(recorder, "recorder");
        Observation o = open("resilience4j circuit breaker '" + breaker.getName() + "'", Insight.CIRCUIT_BREAKER,
                recorder);
        breaker.getEventPublisher().onStateTransition(e -> {
            if (o.isOpen()) {
                recorder.record(at -> new BreakerTransitionEvent(at, e.getCircuitBreakerName(),
                        e.getStateTransition().getFromState().name(), e.getStateTransition().getToState().name()));
            }
        });
        return o;
    }

    /** Records every call {@code bulkhead} refuses: {@code BulkheadRejectionEvent(name, max concurrent calls)}. */
    public static Observation observe(Bulkhead bulkhead, SystemContext context) {
        return observe(bulkhead, recorder(context));
    }

    /** {@link #observe(Bulkhead, SystemContext)} onto {@code recorder}. */
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
