package io.chaosharness.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chaosharness.adapters.hikari.HikariAdapter;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.core.event.PoolGaugeEvent;
import io.chaosharness.core.event.PoolTimeoutEvent;
import io.chaosharness.sut.SystemContext;
import io.chaosharness.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real HikariCP pool against a real PostgreSQL: its gauges and a pool timeout reach the run's timeline. */
class HikariAdapterTest {

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @Test
    void gaugesAndAPoolTimeoutOfARealPoolReachTheTimeline() throws Exception {
        EventRecorder recorder = EventRecorder.systemUtc();
        // the context's JDBC form of the harness URL, with a password full of URL-reserved characters
        SystemContext context = new SystemContext("adapter-test", postgres.url("ApplicationName=adapter-test"),
                recorder, 1, "run-1", false, Map.of());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(context.jdbcUrl());
        config.setUsername(context.username());
        config.setPassword(context.password());
        config.setPoolName("app");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(300);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            HikariAdapter.observe(pool, context);

            try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
                assertThatThrownBy(pool::getConnection).as("a third borrower on a pool of 2")
                        .isInstanceOf(SQLTransientConnectionException.class);
                await("a gauge sample with both connections in use").atMost(Duration.ofSeconds(10))
                        .until(() -> recorder.ofType(PoolGaugeEvent.class).stream().anyMatch(g -> g.active() == 2));
            }

            assertThat(recorder.ofType(PoolTimeoutEvent.class)).as("pool timeouts on the timeline").singleElement()
                    .satisfies(t -> {
                        assertThat(t.pool()).as("pool").isEqualTo("app");
                        assertThat(t.active()).as("active at the timeout").isEqualTo(2);
                        assertThat(t.waitedMs()).as("waited").isEqualTo(300);
                    });
            assertThat(recorder.ofType(PoolGaugeEvent.class)).as("gauge samples")
                    .allSatisfy(g -> assertThat(g.max()).as("pool size").isEqualTo(2))
                    .anySatisfy(g -> assertThat(g.total()).as("total").isEqualTo(2));
            assertThat(recorder.ofType(InsightEvent.class)).as("what the adapter says it exposes")
                    .extracting(InsightEvent::insight).containsExactly("POOL_GAUGES", "POOL_TIMEOUTS");
        }
        int samples = recorder.ofType(PoolGaugeEvent.class).size();
        Thread.sleep(HikariAdapter.PERIOD.toMillis() * 3);
        assertThat(recorder.ofType(PoolGaugeEvent.class)).as("no sample after the pool closed").hasSize(samples);
    }

    @Test
    void aPoolThatAlreadyHasAMetricsTrackerStillGivesGaugesAndSaysTimeoutsAreNotObserved() {
        EventRecorder recorder = EventRecorder.systemUtc();
        HikariConfig config = new HikariConfig();
        SystemContext context = new SystemContext("adapter-test", postgres.url(""), recorder, 1, "run-1", false,
                Map.of());
        config.setJdbcUrl(context.jdbcUrl());
        config.setUsername(context.username());
        config.setPassword(context.password());
        config.setMaximumPoolSize(1);
        config.setMetricsTrackerFactory((name, stats) -> new com.zaxxer.hikari.metrics.IMetricsTracker() { });
        try (HikariDataSource pool = new HikariDataSource(config)) {
            HikariAdapter.observe(pool, context);
            assertThat(recorder.ofType(InsightEvent.class)).as("exposed").extracting(InsightEvent::insight)
                    .containsExactly("POOL_GAUGES");
            assertThat(recorder.snapshot()).as("a note says why")
                    .anyMatch(e -> e.toString().contains("pool timeouts not observed"));
        }
    }
}
