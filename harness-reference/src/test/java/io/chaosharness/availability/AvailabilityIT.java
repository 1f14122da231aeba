package io.chaosharness.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.testing.TestPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AvailabilityIT {

    private static final AvailabilityConfig SMALL = new AvailabilityConfig(Duration.ofMillis(300), Duration.ofMillis(10),
            Duration.ofMillis(40));

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @Test
    void aRunningDatabaseIsAvailableAtTheFirstAttempt() {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        try (ReferencePool pool = ReferencePool.builder(PoolSettings.parse(postgres.url("connection_limit=2")))
                .recorder(recorder).seed(1).availability(AvailabilityConfig.ofDefaults()).start()) {
            assertThat(pool.isDatabaseAvailable(3)).isTrue();
            assertThat(recorder.ofType(AvailabilityCheckEvent.class)).singleElement()
                    .satisfies(e -> {
                        assertThat(e.available()).isTrue();
                        assertThat(e.attempt()).isEqualTo(1);
                    });
        }
    }

    @Test
    void aClosedPortIsUnavailableAfterEveryAttemptWithinBounds() {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        String url = TestPostgres.closedPortUrl("connection_limit=1&pool_timeout=1&connect_timeout=1");
        try (ReferencePool pool = ReferencePool.builder(PoolSettings.parse(url)).recorder(recorder).seed(1)
                .availability(SMALL).start()) {
            boolean available = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> pool.isDatabaseAvailable(3),
                    "3 × 300 ms attempts + 10 ms + 20 ms backoff must end well within 10 s");
            assertThat(available).isFalse();
            assertThat(recorder.ofType(AvailabilityCheckEvent.class)).extracting(AvailabilityCheckEvent::attempt,
                    AvailabilityCheckEvent::available).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1, false), org.assertj.core.groups.Tuple.tuple(2, false),
                    org.assertj.core.groups.Tuple.tuple(3, false));
        }
    }

    @Test
    void anAttemptIsBoundedEvenWhenGetConnectionHangs() throws Exception {
        // A listening socket that never answers: TCP connects, the PostgreSQL startup never completes.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "postgresql://" + TestPostgres.USER + ":hang-secret@127.0.0.1:" + silent.getLocalPort()
                    + "/postgres?connection_limit=1&pool_timeout=30&connect_timeout=1";
            EventRecorder recorder = new EventRecorder(Clock.systemUTC());
            try (ReferencePool pool = ReferencePool.builder(PoolSettings.parse(url)).recorder(recorder).seed(1)
                    .availability(SMALL).start()) {
                boolean available = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> pool.isDatabaseAvailable(2),
                        "getConnection would wait 30 s; each attempt must stop at 300 ms");
                assertThat(available).isFalse();
                assertThat(recorder.ofType(AvailabilityCheckEvent.class)).hasSize(2)
                        .allSatisfy(e -> assertThat(e.message()).contains("timed out after 300 ms"));
            }
        }
    }
}
