package io.chaosharness.junit;

import static io.chaosharness.testing.Leftovers.accepts;
import static io.chaosharness.testing.Leftovers.isZombie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.chaosharness.chaos.ConnectionLimit;
import io.chaosharness.chaos.FaultInjector;
import io.chaosharness.chaos.Latency;
import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EmbeddedEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs an inner {@code @ChaosTest} class with the JUnit Platform test kit: its first test leaves faults behind and
 * fails; the extension must clean up so that the second test starts clean, and close the environment after the run.
 */
class ChaosExtensionCleanupTest {

    static volatile boolean innerRunEnabled;
    static final AtomicReference<EventRecorder> FAILING_TEST_RECORDER = new AtomicReference<>();
    static final AtomicReference<Path> DATA_DIR = new AtomicReference<>();
    static final AtomicReference<ProcessHandle> POSTMASTER = new AtomicReference<>();
    static final AtomicReference<URI> API = new AtomicReference<>();

    static boolean innerRunEnabled() {
        return innerRunEnabled;
    }

    @Test
    void faultsAreRemovedAfterAFailingTestAndNothingIsLeftAfterTheRun() {
        innerRunEnabled = true;
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(LeavesFaultsBehind.class))
                    .configurationParameter("harness.env", "embedded")
                    .execute();
        } finally {
            innerRunEnabled = false;
        }

        results.testEvents().failed().stream().forEach(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .ifPresent(t -> org.slf4j.LoggerFactory.getLogger(ChaosExtensionCleanupTest.class)
                        .info("inner test {} failed", e.getTestDescriptor().getDisplayName(), t)));
        results.testEvents().assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
        assertThat(results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable())
                .as("the failure is the test's own, and the cleanup after it did not fail").get()
                .satisfies(t -> assertThat(t.getSuppressed()).as("cleanup failures").isEmpty())
                .extracting(Throwable::getMessage).asString().contains("deliberate failure");

        EventRecorder recorder = FAILING_TEST_RECORDER.get();
        assertThat(recorder.ofType(FaultEvent.class)).as("faults of the failing test")
                .filteredOn(e -> e.phase() == FaultEvent.Phase.REMOVED)
                .extracting(FaultEvent::kind)
                .containsExactlyInAnyOrder("latency", "proxy-down", "connection-limit");

        assertThat(POSTMASTER.get().isAlive() && !isZombie(POSTMASTER.get())).as("postmaster after the run").isFalse();
        assertThat(DATA_DIR.get()).as("data directory after the run").doesNotExist();
        assertThat(accepts(API.get().getPort())).as("proxy API after the run").isFalse();
    }

    @ChaosTest
    @EnabledIf("io.chaosharness.junit.ChaosExtensionCleanupTest#innerRunEnabled")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesFaultsBehind {

        @Test
        @Order(1)
        void failsWithFaultsActive(EmbeddedEnvironment env, FaultInjector faults, EventRecorder recorder) throws Exception {
            FAILING_TEST_RECORDER.set(recorder);
            DATA_DIR.set(env.dataDirectory());
            POSTMASTER.set(env.postmaster().orElseThrow());
            API.set(env.toxiproxyApi());
            faults.inject(new Latency(Duration.ofMillis(500), Duration.ZERO));
            faults.inject(new ConnectionLimit(0));
            faults.inject(new ProxyDown());
            // and behind the injector's back: a toxic added with the client, the database stopped
            env.databaseProxy().toxics().bandwidth("rogue", ToxicDirection.UPSTREAM, 1);
            env.stopDatabase();
            fail("deliberate failure with faults active");
        }

        @Test
        @Order(2)
        void nextTestStartsClean(ChaosEnvironment env) throws Exception {
            assertThat(env.databaseProxy().toxics().getAll()).as("toxics").isEmpty();
            assertThat(env.toxiproxyClient().getProxy(ChaosEnvironment.DATABASE_PROXY).isEnabled()).as("enabled").isTrue();
            try (Connection c = env.proxiedUrl().dataSource(env.applicationName()).getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertThat(rs.getInt(1)).as("connection limit restored").isEqualTo(-1);
            }
        }
    }
}
