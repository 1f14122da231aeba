package io.chaosharness.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.adapters.resilience4j.BulkheadAdapter;
import io.chaosharness.adapters.resilience4j.CircuitBreakerAdapter;
import io.chaosharness.adapters.resilience4j.RetryAdapter;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.BulkheadRejectionEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.core.event.RetryEvent;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Resilience4j's own event publishers put retries, breaker transitions and bulkhead rejections on the timeline. */
class Resilience4jAdapterTest {

    private final EventRecorder recorder = EventRecorder.systemUtc();

    @Test
    void aRetrysRetriesReachTheTimelineWithTheirAttemptWaitAndFailureClass() throws Throwable {
        Retry retry = Retry.of("db", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10))
                .retryExceptions(SQLException.class).build());
        RetryAdapter.observe(retry, recorder);
        AtomicInteger calls = new AtomicInteger();

        String answer = retry.executeCheckedSupplier(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new SQLException("An I/O error occurred while sending to the backend", "08006");
            }
            return "ok";
        });

        assertThat(answer).as("third attempt succeeded").isEqualTo("ok");
        assertThat(recorder.ofType(RetryEvent.class)).as("retries on the timeline")
                .extracting(RetryEvent::operation, RetryEvent::nextAttempt, RetryEvent::delayMs, RetryEvent::failureClass)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("db", 2, 10L, "08006"),
                        org.assertj.core.groups.Tuple.tuple("db", 3, 10L, "08006"));
        assertThat(recorder.ofType(InsightEvent.class)).as("exposed").extracting(InsightEvent::insight)
                .containsExactly("RETRIES");
    }

    @Test
    void aBreakersTransitionsReachTheTimelineAndRefusedCallsReadCircuitOpen() {
        CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.custom().slidingWindowSize(2)
                .minimumNumberOfCalls(2).failureRateThreshold(50).build());
        CircuitBreakerAdapter.observe(breaker, recorder);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.executeCheckedSupplier(() -> {
                throw new SQLException("connection refused", "08001");
            })).as("failing call %d", i).isInstanceOf(SQLException.class);
        }
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> breaker.executeSupplier(() -> "never runs"));
        breaker.transitionToHalfOpenState();

        assertThat(refused).as("call while open").isInstanceOf(CallNotPermittedException.class);
        assertThat(FailureClasses.of(refused)).as("its failure class").isEqualTo("CIRCUIT_OPEN");
        assertThat(recorder.ofType(BreakerTransitionEvent.class)).as("transitions on the timeline")
                .extracting(BreakerTransitionEvent::from, BreakerTransitionEvent::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CLOSED", "OPEN"),
                        org.assertj.core.groups.Tuple.tuple("OPEN", "HALF_OPEN"));
    }

    @Test
    void aBulkheadsRejectionsReachTheTimelineAndAClosedObservationRecordsNothingMore() {
        Bulkhead bulkhead = Bulkhead.of("db", BulkheadConfig.custom().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ZERO).build());
        Observation observation = BulkheadAdapter.observe(bulkhead, recorder);
        assertThat(bulkhead.tryAcquirePermission()).as("first permit").isTrue();
        assertThat(bulkhead.tryAcquirePermission()).as("second permit").isFalse();
        observation.close();
        assertThat(bulkhead.tryAcquirePermission()).as("third permit").isFalse();

        assertThat(recorder.ofType(BulkheadRejectionEvent.class)).as("rejections while observed").singleElement()
                .satisfies(r -> assertThat(r.maxConcurrentCalls()).as("max concurrent calls").isEqualTo(1));
    }
}
