package io.chaosharness.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthMetricsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final EventRecorder recorder = new EventRecorder(clock);

    private HealthMetrics metrics(int active) {
        return new HealthMetrics(recorder, at -> new PoolGaugeEvent(at, "p", 10, active, 10 - active, 0, 10),
                () -> "CLOSED", null, null);
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
            for (int i = 1; i <= 100; i++) {
                attempt(i, true);
            }
            HealthReport r = m.report();
            assertThat(r.metrics().successRatio()).isEqualTo(1.0);
            assertThat(r.metrics().p95Ms()).isEqualTo(95.0);
            assertThat(r.metrics().p99Ms()).isEqualTo(99.0);
            assertThat(r.metrics().avgMs()).isEqualTo(50.5);
            assertThat(r.metrics().lastFailure()).as("the last failure is remembered").isEqualTo(clock.instant());
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
