package io.chaosharness.health;

import static io.chaosharness.testing.Sql.selectOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.retry.ResilienceConfig;
import io.chaosharness.testing.Sql;
import io.chaosharness.testing.TestPostgres;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthIT {

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @Test
    void reportsFollowTheSeedShapeAndTheTimeline() throws Exception {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        ResilienceConfig fast = ResilienceConfig.custom().baseDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20))
                .build();
        try (ReferencePool pool = ReferencePool.builder(PoolSettings.parse(postgres.url("connection_limit=4")))
                .recorder(recorder).seed(3).resilience(fast).start()) {
            for (int i = 0; i < 20; i++) {
                pool.withRetry("select-1", true, Sql::selectOne);
            }
            // a backend killed once: 57P01 on attempt 1, success on attempt 2
            int[] calls = {0};
            pool.withRetry("killed-once", true, 3, Duration.ofMillis(5), c -> {
                if (calls[0]++ == 0) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_terminate_backend(pg_backend_pid())");
                    }
                }
                return selectOne(c);
            });
            assertThatThrownBy(() -> pool.withRetry("syntax", true, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELEC 1");
                }
                return null;
            })).isInstanceOf(SQLException.class);

            HealthReport health = pool.health().report(true);
            assertThat(health.metrics().windowAttempts()).isEqualTo(23);
            assertThat(health.metrics().successRatio()).isEqualTo(21.0 / 23.0);
            assertThat(health.metrics().successRate()).isEqualTo("91.3%");
            assertThat(health.status()).as("below 95 %% success is degraded").isEqualTo("degraded");
            assertThat(health.metrics().lastFailureClass()).isEqualTo("PERMANENT");
            assertThat(health.metrics().p99Ms()).isGreaterThanOrEqualTo(health.metrics().p95Ms());
            assertThat(health.connections().max()).isEqualTo(4);
            assertThat(health.resilience().retries()).isEqualTo(1);
            assertThat(health.resilience().breaker()).isEqualTo("CLOSED");
            assertThat(health.server().error()).isNull();
            assertThat(health.server().totalConnections()).isPositive();
            assertThat(health.server().sources()).anySatisfy(s ->
                    assertThat(s.applicationName()).isEqualTo("chaos-harness"));

            JsonNode json = Json.MAPPER.readTree(health.toJson());
            assertThat(json.path("status").asText()).isEqualTo("degraded");
            assertThat(json.path("connections").path("current").isInt()).isTrue();
            assertThat(json.path("connections").path("max").asInt()).isEqualTo(4);
            assertThat(json.path("connections").path("utilization").asText()).endsWith("%");
            assertThat(json.path("metrics").path("success_rate").asText()).isEqualTo("91.3%");
            assertThat(json.path("metrics").path("avg_response_time").asText()).endsWith("ms");
            assertThat(json.path("metrics").path("last_failure").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            DebugReport debug = pool.health().debugReport();
            assertThat(debug.attempts()).hasSize(23);
            assertThat(debug.errorPatterns()).containsEntry("TRANSIENT 57P01", 1L).containsEntry("PERMANENT 42601", 1L);
            assertThat(debug.retriedOperations()).isEqualTo(1);
            assertThat(debug.retrySuccessRate()).isEqualTo(1.0);
            JsonNode debugJson = Json.MAPPER.readTree(debug.toJson());
            assertThat(debugJson.path("attempts").get(0).path("type").asText()).isEqualTo("attempt");

            String timeline = Json.MAPPER.writeValueAsString(recorder.snapshot());
            assertThat(timeline + health.toJson() + debug.toJson() + pool.effective() + pool)
                    .as("no password anywhere").doesNotContain(TestPostgres.PASSWORD).doesNotContain("s3cr3t");
        }
    }

    @Test
    void theGaugeSamplerIsBounded() throws Exception {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        try (ReferencePool pool = ReferencePool.start(PoolSettings.parse(postgres.url("connection_limit=2")),
                recorder, 3)) {
            try (AutoCloseable sampler = pool.health().startSampler(Duration.ofMillis(5), 3)) {
                await("three gauge samples").atMost(Duration.ofSeconds(5))
                        .until(() -> recorder.ofType(PoolGaugeEvent.class).size() >= 3);
                await("no fourth sample").during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
                        .until(() -> recorder.ofType(PoolGaugeEvent.class).size() == 3);
            }
            assertThat(recorder.ofType(PoolGaugeEvent.class)).allSatisfy(g -> {
                assertThat(g.max()).isEqualTo(2);
                assertThat(g.pool()).isEqualTo("reference-pool");
            });
        }
    }
}
