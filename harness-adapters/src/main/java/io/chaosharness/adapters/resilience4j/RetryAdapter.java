package io.chaosharness.adapters.resilience4j;

import io.chaosharness.adapters.FailureClasses;
import io.chaosharness.adapters.Observation;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.sut.Insight;
import io.chaosharness.sut.SystemContext;
import java.util.Objects;
import io.chaosharness.core.event.RetryEvent;
import io.github.resilience4j.retry.Retry;

/**
 * A Resilience4j {@link Retry} on the run's timeline, in one line of the system under test's {@code start}:
 * <pre>{@code RetryAdapter.observe(retry, context);}</pre>
 * Each scheduled retry becomes a {@link RetryEvent} (the retry's name, the next attempt, the wait, the failure's class
 * by {@link FailureClasses#of}). The runner attributes a retry to the call during which it was recorded on that
 * call's thread, so a synchronous {@code Retry} counts per call; the asynchronous decorators' retries reach the
 * timeline but are not attributed to a call.
 * <p>Through Resilience4j's event publisher, which calls back on the thread that runs the decorated call. Its
 * publishers cannot drop a consumer: where the instance outlives the system under test, {@link Observation#close()}
 * it in the system's {@code close()}, or its events keep going to a finished run's timeline. One class per
 * Resilience4j module, so a system needs only the modules it uses on its class path.
 */
public final class RetryAdapter {

    private RetryAdapter() {
    }

    /** Observes {@code retry} onto {@link SystemContext#recorder()}. */
    public static Observation observe(Retry retry, SystemContext context) {
        return observe(retry, recorder(context));
    }

    /** Observes {@code retry} onto {@code recorder}. */
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

    private static EventRecorder recorder(SystemContext context) {
        return Objects.requireNonNull(context, "context").recorder();
    }

    private static Observation open(String source, Insight insight, EventRecorder recorder) {
        recorder.record(at -> new InsightEvent(at, insight.name(), source));
        return new Observation(source, () -> { });
    }
}
