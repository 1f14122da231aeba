package io.chaosharness.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static int acquire(RetryBudget budget, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.tryAcquireRetry()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void retriesAreCappedAtTheRatioOfCallsInTheWindow() {
        RetryBudget budget = new RetryBudget(0.2, 0, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }
        assertThat(acquire(budget, 50)).as("20 %% of 100 calls").isEqualTo(20);
        assertThat(budget.refused()).isEqualTo(30);
        assertThat(budget.windowRetries()).isEqualTo(20);
    }

    @Test
    void theFloorAllowsAFewRetriesPerSecondEvenWithoutCalls() {
        RetryBudget budget = new RetryBudget(0.2, 3, Duration.ofSeconds(10), clock);
        assertThat(acquire(budget, 10)).as("floor in second 1").isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(acquire(budget, 10)).as("floor again in second 2").isEqualTo(3);
    }

    @Test
    void callsAndRetriesLeaveTheWindowAfterItsLength() {
        RetryBudget budget = new RetryBudget(0.5, 0, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 10; i++) {
            budget.recordCall();
        }
        assertThat(acquire(budget, 10)).isEqualTo(5);
        clock.advance(Duration.ofSeconds(9));
        assertThat(budget.windowCalls()).as("still inside the window").isEqualTo(10);
        assertThat(acquire(budget, 1)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.windowCalls()).as("the first second left the window").isZero();
        assertThat(budget.windowRetries()).isZero();
        budget.recordCall();
        budget.recordCall();
        assertThat(acquire(budget, 5)).as("half of the 2 new calls").isEqualTo(1);
    }

    @Test
    void aLongOutageCannotBecomeARetryStorm() {
        RetryBudget budget = new RetryBudget(0.2, 1, Duration.ofSeconds(10), clock);
        long granted = 0;
        long attempted = 0;
        for (int second = 0; second < 60; second++) {
            for (int call = 0; call < 100; call++) {
                budget.recordCall();
                for (int retry = 0; retry < 3; retry++) { // every call wants 3 retries
                    attempted++;
                    if (budget.tryAcquireRetry()) {
                        granted++;
                    }
                }
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(granted).as("retries over 60 s of 100 calls/s").isLessThanOrEqualTo((long) (0.2 * 6000) + 60);
        assertThat(attempted).isEqualTo(18_000);
    }

    @Test
    void badParametersNameTheField() {
        assertThatThrownBy(() -> new RetryBudget(-0.1, 1, Duration.ofSeconds(10), clock)).hasMessageContaining("ratio");
        assertThatThrownBy(() -> new RetryBudget(0.2, -1, Duration.ofSeconds(10), clock))
                .hasMessageContaining("minRetriesPerSecond must be at least 0, but was -1");
        assertThatThrownBy(() -> new RetryBudget(0.2, 1, Duration.ZERO, clock)).hasMessageContaining("window");
    }
}
