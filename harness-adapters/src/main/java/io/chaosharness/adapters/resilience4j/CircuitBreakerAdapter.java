package io.chaosharness.adapters.resilience4j;

import io.chaosharness.adapters.FailureClasses;
import io.chaosharness.adapters.Observation;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.sut.Insight;
import io.chaosharness.sut.SystemContext;
import java.util.Objects;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * A Resilience4j {@link CircuitBreaker} on the run's timeline, in one line of the system under test's {@code start}:
 * <pre>{@code CircuitBreakerAdapter.observe(circuitBreaker, context);}</pre>
 * Each state transition becomes a {@link BreakerTransitionEvent} ({@code CLOSED -> OPEN}, ...). Return
 * {@link FailureClasses#of} from the system's {@code failureClass} so that refused calls read {@code CIRCUIT_OPEN},
 * which the breaker's criteria count.
 * <p>Through Resilience4j's event publisher, which calls back on the thread that runs the decorated call. Its
 * publishers cannot drop a consumer: where the instance outlives the system under test, {@link Observation#close()}
 * it in the system's {@code close()}, or its events keep going to a finished run's timeline. One class per
 * Resilience4j module, so a system needs only the modules it uses on its class path.
 */
public final class CircuitBreakerAdapter {

    private CircuitBreakerAdapter() {
    }

    /** Observes {@code breaker} onto {@link SystemContext#recorder()}. */
    public static Observation observe(CircuitBreaker breaker, SystemContext context) {
        return observe(breaker, recorder(context));
    }

    /** Observes {@code breaker} onto {@code recorder}. */
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

    private static EventRecorder recorder(SystemContext context) {
        return Objects.requireNonNull(context, "context").recorder();
    }

    private static Observation open(String source, Insight insight, EventRecorder recorder) {
        recorder.record(at -> new InsightEvent(at, insight.name(), source));
        return new Observation(source, () -> { });
    }
}
