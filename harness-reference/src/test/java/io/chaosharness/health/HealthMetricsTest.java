package io.chaosharness.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthMetricsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final EventRecorder recorder = new EventRecorder(clock);

    private final AtomicInteger waiting = new AtomicInteger();

    private HealthMetrics metrics(int active) {
        return new HealthMetrics(recorder,
                at -> new PoolGaugeEvent(at, "p", 10, active, 10 - active, waiting.get(), 10),
                () -> "CLOSED", null, null);
    }

    /** One attempt every 100 ms for {@code duration}, advancing the clock. */
    private void traffic(Duration duration, boolean ok) {
        for (long t = 0; t < duration.toMillis(); t += 100) {
            attempt(2, ok);
            clock.advance(Duration.ofMillis(100));
        }
    }

    private void attempt(double ms, boolean ok) {
        recorder.record(at -> new AttemptEvent(at, "op", 1, ms, ok ? Outcome.SUCCESS : Outcome.FAILURE,
                ok ? null : "TRANSIENT", ok ? null : "08006", ok ? null : "x"));
    }

    @Test
    void onlyTheLastHundredAttemptsCountAndPercentilesUseNearestRank() {
        try (HealthMetrics m = metrics(3)) {
            for (int i = 0; i < 50; i++) {
                attempt(1000, false); // old failures leave the window
            }
            Instant lastFailure = clock.instant();
            clock.advance(HealthMetrics.STATUS_WINDOW.plusMillis(1)); // and the status window
            for (int i = 1; i <= 100; i++) {
                attempt(i, true);
            }
            HealthReport r = m.report();
            assertThat(r.metrics().successRatio()).isEqualTo(1.0);
            assertThat(r.metrics().p95Ms()).isEqualTo(95.0);
            assertThat(r.metrics().p99Ms()).isEqualTo(99.0);
            assertThat(r.metrics().avgMs()).isEqualTo(50.5);
            assertThat(r.metrics().lastFailure()).as("the last failure is remembered").isEqualTo(lastFailure);
            assertThat(r.connections().utilization()).isEqualTo("30%");
            assertThat(r.status()).isEqualTo("healthy");
            assertThat(m.debugReport().attempts()).hasSize(150);
        }
    }

    @Test
    void theRingKeepsAtMostAThousandAttempts() {
        try (HealthMetrics m = metrics(0)) {
            for (int i = 0; i < 1500; i++) {
                attempt(1, i % 2 == 0);
            }
            assertThat(m.debugReport().attempts()).hasSize(HealthMetrics.DEBUG_WINDOW);
            assertThat(m.debugReport().errorPatterns()).containsEntry("TRANSIENT 08006", 750L);
            assertThat(m.report().status()).isEqualTo("degraded");
        }
    }

    @Test
    void aFullOutageReadsUnhealthyWithinFiveSecondsAndNeverStaysDegraded() {
        try (HealthMetrics m = metrics(0)) {
            traffic(Duration.ofSeconds(10), true);
            assertThat(m.report().status()).as("before the outage").isEqualTo("healthy");
            String status = null;
            long firstUnhealthyMs = -1;
            for (long t = 0; t < 60_000; t += 100) { // a 60 s outage: every attempt fails
                attempt(5, false);
                clock.advance(Duration.ofMillis(100));
                status = m.report().status();
                if (firstUnhealthyMs < 0 && status.equals("unhealthy")) {
                    firstUnhealthyMs = t + 100;
                }
            }
            assertThat(firstUnhealthyMs).as("ms into the outage until unhealthy").isBetween(1L, 5_000L);
            assertThat(status).as("at the end of the 60 s outage").isEqualTo("unhealthy");
            assertThat(m.report().connections()).isNotNull();
        }
    }

    @Test
    void anOutageWhoseAttemptsOnlyWaitForThePoolReadsUnhealthyAfterTheStallTime() {
        try (HealthMetrics m = metrics(0)) {
            traffic(Duration.ofSeconds(2), true);
            waiting.set(20); // every request now waits out the 10 s pool timeout: nothing fails, nothing succeeds
            assertThat(m.report().status()).as("waiters alone are degraded").isEqualTo("degraded");
            clock.advance(HealthMetrics.STALL_AFTER.plusMillis(1));
            HealthReport r = m.report();
            assertThat(r.status()).as("no success for %s while 20 threads wait", HealthMetrics.STALL_AFTER)
                    .isEqualTo("unhealthy");
            assertThat(r.connections().waiting()).isEqualTo(20);
        }
    }

    @Test
    void aRecoveredDatabaseReadsHealthyWithinFiveSecondsOfItsFirstSuccesses() {
        try (HealthMetrics m = metrics(0)) {
            traffic(Duration.ofSeconds(60), false);
            assertThat(m.report().status()).isEqualTo("unhealthy");
            long healthyAfterMs = -1;
            for (long t = 0; t < 10_000; t += 100) {
                attempt(2, true);
                clock.advance(Duration.ofMillis(100));
                if (m.report().status().equals("healthy")) {
                    healthyAfterMs = t + 100;
                    break;
                }
            }
            assertThat(healthyAfterMs).as("ms after the first success until healthy").isBetween(1L, 5_000L);
        }
    }

    @Test
    void aQuietServiceDoesNotStayDegradedAfterAFewFailures() {
        try (HealthMetrics m = metrics(0)) {
            traffic(Duration.ofSeconds(1), false);
            attempt(2, true);
            assertThat(m.report().status()).isNotEqualTo("healthy");
            clock.advance(HealthMetrics.STATUS_WINDOW.plusMillis(1)); // nobody calls for a while
            assertThat(m.report().status()).as("no recent attempt, nothing in flight").isEqualTo("healthy");
            assertThat(m.report().metrics().successRatio()).as("the seed's last-100 rate still shows the failures")
                    .isLessThan(0.95);
        }
    }

    @Test
    void noAttemptsMeansHealthyAndEmpty() {
        try (HealthMetrics m = metrics(0)) {
            HealthReport r = m.report();
            assertThat(r.metrics().successRate()).isEqualTo("100%");
            assertThat(r.metrics().lastFailure()).isNull();
            assertThat(r.status()).isEqualTo("healthy");
            assertThat(HealthMetrics.percentile(new double[0], 0.99)).isZero();
        }
    }
}
