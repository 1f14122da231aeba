package io.chaosharness.pool;

import static io.chaosharness.testing.Sql.selectOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.retry.ResilienceConfig;
import io.chaosharness.testing.Sql;
import io.chaosharness.testing.TestPostgres;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReferencePoolIT {

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @Test
    void withRetryRunsTheOperationAndRecordsOneAttemptAndOneOperation() throws Exception {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        try (ReferencePool pool = ReferencePool.start(PoolSettings.parse(postgres.url("connection_limit=3")),
                recorder, 42L)) {
            assertThat(pool.withRetry("select-1", true, Sql::selectOne)).isEqualTo(1);
            assertThat(recorder.ofType(AttemptEvent.class)).as("attempts")
                    .singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.SUCCESS));
            assertThat(recorder.ofType(OperationEvent.class)).as("operations")
                    .singleElement().satisfies(o -> assertThat(o.attempts()).isEqualTo(1));
        }
    }

    @Test
    void effectiveSettingsReflectTheUrlAndTheSocketTimeoutRule() throws Exception {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        String url = postgres.url("connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000");
        try (ReferencePool pool = ReferencePool.start(PoolSettings.parse(url), recorder, 1L)) {
            EffectiveSettings e = pool.effective();
            assertThat(e.maximumPoolSize()).as("maximumPoolSize").isEqualTo(15);
            assertThat(e.connectionTimeoutMs()).as("connectionTimeout").isEqualTo(10_000);
            assertThat(e.connectTimeoutSeconds()).as("connectTimeout").isEqualTo(30);
            assertThat(e.loginTimeoutSeconds()).as("loginTimeout").isEqualTo(30);
            assertThat(e.socketTimeoutSeconds()).as("socketTimeout = max(30, 2 × 30 s)").isEqualTo(60);
            assertThat(e.applicationName()).isEqualTo("chaos-harness");
            assertThat(e.toString()).as("effective settings mask the password").doesNotContain(TestPostgres.PASSWORD);
            assertThat(pool.serverSettings()).as("server-side values")
                    .containsEntry("statement_timeout", "30s")
                    .containsEntry("application_name", "chaos-harness");
        }
    }

    @Test
    void weakenedPoolHasNoSocketTimeoutAndDoesNotRetry() throws Exception {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        try (ReferencePool pool = ReferencePool.builder(PoolSettings.parse(postgres.url("connection_limit=2")))
                .recorder(recorder).seed(7L).resilience(ResilienceConfig.weakened()).start()) {
            assertThat(pool.effective().socketTimeoutSeconds()).isZero();
            assertThatThrownBy(() -> pool.withRetry("bad", true, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_terminate_backend(pg_backend_pid())");
                }
                return null;
            })).isInstanceOf(SQLException.class);
            assertThat(recorder.ofType(AttemptEvent.class)).as("one attempt only").hasSize(1);
        }
    }
}
