package io.chaosharness.chaos;

import static io.chaosharness.testing.Sql.selectOne;
import static io.chaosharness.testing.Sql.selectText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.retry.Classification;
import io.chaosharness.retry.FailureClass;
import io.chaosharness.retry.FailureClassifier;
import io.chaosharness.testing.Sql;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each fault's effect as the reference pool sees it, and how its classifier reads the failure. Pools here use short
 * timeouts ({@code pool_timeout=1}, {@code connect_timeout=1}, {@code socketTimeout=2}) so every failure is bounded.
 */
@ChaosTest
class FaultEffectsTest {

    private static final FailureClassifier CLASSIFIER = new FailureClassifier();
    private static final String SHORT_TIMEOUTS = "&connection_limit=2&pool_timeout=1&connect_timeout=1&socketTimeout=2";

    private static ReferencePool shortTimeoutPool(ChaosEnvironment env, EventRecorder recorder) {
        PoolSettings settings = PoolSettings.parse(env.databaseUrl() + SHORT_TIMEOUTS)
                .withApplicationName(env.applicationName()).withPoolName("fault-effects");
        return ReferencePool.builder(settings).recorder(recorder).seed(env.seed()).start();
    }

    @Test
    void proxyDownIsATransientConnectionFailureAndThePoolRecovers(ChaosEnvironment env, FaultInjector faults,
            EventRecorder recorder) throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder); Connection borrowed = pool.dataSource().getConnection()) {
            try (ActiveFault down = faults.inject(new ProxyDown())) {
                Classification onBorrowed = classify(failureOf(() -> selectOne(borrowed)));
                assertThat(onBorrowed.failureClass()).as("borrowed connection").isEqualTo(FailureClass.TRANSIENT);
                assertThat(onBorrowed.sqlState()).as("borrowed connection SQLState").startsWith("08");

                Classification onNew = classify(failureOf(() -> {
                    try (Connection c = pool.dataSource().getConnection()) {
                        selectOne(c);
                    }
                }));
                assertThat(onNew.failureClass().retryable()).as("new connection: retryable (%s)", onNew).isTrue();
                assertThat(onNew.sqlState()).as("new connection SQLState (%s)", onNew).startsWith("08");
            }
            assertThat(pool.withRetry("select-1", true, 5, Duration.ofMillis(200), Sql::selectOne))
                    .as("after the proxy is back").isEqualTo(1);
        }
        assertAppliedThenRemoved(recorder, "proxy-down");
    }

    @Test
    void aConnectionLimitMakesPostgresRefuseWith53300(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder)
            throws Exception {
        try (ActiveFault limit = faults.inject(new ConnectionLimit(0))) {
            faults.inject(new TerminateBackends()).close();
            try (ReferencePool pool = shortTimeoutPool(env, recorder)) {
                Classification c = classify(failureOf(() -> pool.dataSource().getConnection().close()));
                assertThat(c.sqlState()).as("SQLState (%s)", c).isEqualTo("53300");
                assertThat(c.failureClass().retryable()).as("retryable (%s)", c).isTrue();
            }
        }
        try (ReferencePool pool = shortTimeoutPool(env, recorder)) {
            assertThat(pool.withRetry("select-1", true, 5, Duration.ofMillis(200), Sql::selectOne))
                    .as("limit restored").isEqualTo(1);
        }
        assertAppliedThenRemoved(recorder, "connection-limit");
    }

    @Test
    void aBlackholeEndsInASocketTimeout(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder)
            throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder); Connection borrowed = pool.dataSource().getConnection()) {
            selectOne(borrowed);
            try (ActiveFault hole = faults.inject(Timeout.blackhole())) {
                SQLException e = failureOf(() -> selectOne(borrowed));
                assertThat((Throwable) e).as("cause chain").hasRootCauseInstanceOf(SocketTimeoutException.class);
                Classification c = classify(e);
                assertThat(c.failureClass()).as("class").isEqualTo(FailureClass.TRANSIENT);
                assertThat(c.sqlState()).as("SQLState").isEqualTo("08006");
            }
        }
        assertAppliedThenRemoved(recorder, "timeout");
    }

    @Test
    void aConnectionCutHangsUntilTheSocketTimeout(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder)
            throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder); Connection borrowed = pool.dataSource().getConnection()) {
            selectOne(borrowed);
            try (ActiveFault cut = faults.inject(new ConnectionCut())) {
                SQLException e = failureOf(() -> selectOne(borrowed));
                assertThat((Throwable) e).as("cause chain").hasRootCauseInstanceOf(SocketTimeoutException.class);
                assertThat(classify(e).sqlState()).as("SQLState").isEqualTo("08006");
            }
            assertThat(pool.withRetry("select-1", true, 3, Duration.ofMillis(100), Sql::selectOne))
                    .as("after the cut").isEqualTo(1);
        }
        assertAppliedThenRemoved(recorder, "connection-cut");
    }

    @Test
    void aRestartTerminatesSessionsWith57P01ThenThePoolRecovers(ChaosEnvironment env, FaultInjector faults,
            EventRecorder recorder) throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder); Connection borrowed = pool.dataSource().getConnection()) {
            selectOne(borrowed);
            try (ActiveFault restart = faults.inject(new DatabaseRestart())) {
                Classification c = classify(failureOf(() -> selectOne(borrowed)));
                assertThat(c.sqlState()).as("SQLState (%s)", c).isIn("57P01", "08006");
                assertThat(c.failureClass()).as("class").isEqualTo(FailureClass.TRANSIENT);
            }
            assertThat(pool.withRetry("select-1", true, 10, Duration.ofMillis(200), Sql::selectOne))
                    .as("after the restart").isEqualTo(1);
        }
        assertAppliedThenRemoved(recorder, "database-restart");
    }

    @Test
    void terminatingOwnBackendsGives57P01(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder)
            throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder); Connection borrowed = pool.dataSource().getConnection()) {
            selectOne(borrowed);
            faults.inject(new TerminateBackends()).close();
            Classification c = classify(failureOf(() -> selectOne(borrowed)));
            assertThat(c.sqlState()).as("SQLState (%s)", c).isIn("57P01", "08006");
            assertThat(c.failureClass()).as("class").isEqualTo(FailureClass.TRANSIENT);
        }
        assertAppliedThenRemoved(recorder, "terminate-backends");
    }

    @Test
    void aResetPeerBreaksTheNextRequest(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder)
            throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder); Connection borrowed = pool.dataSource().getConnection()) {
            selectOne(borrowed);
            try (ActiveFault reset = faults.inject(ResetPeer.immediate())) {
                Classification c = classify(failureOf(() -> selectOne(borrowed)));
                assertThat(c.sqlState()).as("SQLState (%s)", c).isEqualTo("08006");
                assertThat(c.failureClass()).as("class").isEqualTo(FailureClass.TRANSIENT);
            }
        }
        assertAppliedThenRemoved(recorder, "reset-peer");
    }

    @Test
    void aPartialResetCarriesItsToxicityToTheProxy(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder)
            throws Exception {
        try (ActiveFault reset = faults.inject(new ResetPeer(Duration.ZERO, Direction.UPSTREAM, 0.5f))) {
            assertThat(env.databaseProxy().toxics().getAll()).as("toxics on the proxy")
                    .singleElement().satisfies(t -> assertThat(t.getToxicity()).as("toxicity").isEqualTo(0.5f));
        }
        assertThat(env.databaseProxy().toxics().getAll()).as("toxics after removal").isEmpty();
        assertAppliedThenRemoved(recorder, "reset-peer");
    }

    @Test
    void limitDataClosesTheConnectionMidResult(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder)
            throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder); Connection borrowed = pool.dataSource().getConnection()) {
            selectOne(borrowed);
            try (ActiveFault limit = faults.inject(new LimitData(64, Direction.DOWNSTREAM))) {
                Classification c = classify(failureOf(() -> selectText(borrowed, "SELECT repeat('z', 4000)")));
                assertThat(c.sqlState()).as("SQLState (%s)", c).startsWith("08");
                assertThat(c.failureClass()).as("class").isEqualTo(FailureClass.TRANSIENT);
            }
        }
        assertAppliedThenRemoved(recorder, "limit-data");
    }

    @Test
    void latencyDelaysEveryRoundTrip(ReferencePool pool, FaultInjector faults, EventRecorder recorder) throws Exception {
        pool.withRetry("warm-up", true, Sql::selectOne);
        try (ActiveFault slow = faults.inject(new Latency(Duration.ofMillis(300), Duration.ofMillis(20)))) {
            long t0 = System.nanoTime();
            assertThat(pool.withRetry("select-1", true, Sql::selectOne)).as("result").isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("round trip under 300ms ±20ms latency")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(280));
        }
        assertAppliedThenRemoved(recorder, "latency");
    }

    @Test
    void bandwidthSlowsLargeResults(ChaosEnvironment env, FaultInjector faults, EventRecorder recorder) throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder)) {
            pool.withRetry("warm-up", true, Sql::selectOne);
            try (ActiveFault narrow = faults.inject(new Bandwidth(10))) {
                long t0 = System.nanoTime();
                String text = pool.withRetry("select-20k", true, c -> selectText(c, "SELECT repeat('b', 20000)"));
                assertThat(text).as("result").hasSize(20000);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("20 KB at 10 KB/s")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
            }
        }
        assertAppliedThenRemoved(recorder, "bandwidth");
    }

    @Test
    void slicedAndSlowClosedStreamsStillCarryCorrectResults(ChaosEnvironment env, FaultInjector faults,
            EventRecorder recorder) throws Exception {
        try (ReferencePool pool = shortTimeoutPool(env, recorder)) {
            try (ActiveFault sliced = faults.inject(new Slicer(16, 8, Duration.ofNanos(10_000), Direction.DOWNSTREAM));
                    ActiveFault slowClose = faults.inject(new SlowClose(Duration.ofMillis(500)))) {
                assertThat(env.databaseProxy().toxics().getAll()).as("toxics on the proxy")
                        .extracting(t -> t.getName()).containsExactlyInAnyOrder(
                                "chaos-" + sliced.id() + "-slicer", "chaos-" + slowClose.id() + "-slow-close");
                String text = pool.withRetry("select-3k", true, c -> selectText(c, "SELECT repeat('s', 3000)"));
                assertThat(text).as("sliced result").hasSize(3000).matches("s+");
            }
        }
        assertAppliedThenRemoved(recorder, "slicer");
        assertAppliedThenRemoved(recorder, "slow-close");
    }

    @Test
    void closingAFaultTwiceRecordsOneRemoval(FaultInjector faults, EventRecorder recorder) {
        ActiveFault f = faults.inject(new Latency(Duration.ofMillis(10), Duration.ZERO));
        f.close();
        f.close();
        assertThat(recorder.ofType(FaultEvent.class)).as("events")
                .extracting(FaultEvent::phase).containsExactly(FaultEvent.Phase.APPLIED, FaultEvent.Phase.REMOVED);
        assertThat(faults.active()).as("active faults").isEmpty();
    }

    private static void assertAppliedThenRemoved(EventRecorder recorder, String kind) {
        List<FaultEvent> events = recorder.ofType(FaultEvent.class).stream().filter(e -> e.kind().equals(kind)).toList();
        assertThat(events).as("%s events", kind).extracting(FaultEvent::phase)
                .containsExactly(FaultEvent.Phase.APPLIED, FaultEvent.Phase.REMOVED);
        assertThat(events.get(0).faultId()).as("one fault window").isEqualTo(events.get(1).faultId());
    }

    @FunctionalInterface
    private interface SqlRun {
        void run() throws SQLException;
    }

    private static SQLException failureOf(SqlRun run) {
        SQLException e = catchThrowableOfType(SQLException.class, run::run);
        assertThat((Throwable) e).as("an SQLException").isNotNull();
        return e;
    }

    private static Classification classify(SQLException e) {
        return CLASSIFIER.classify(e);
    }
}
