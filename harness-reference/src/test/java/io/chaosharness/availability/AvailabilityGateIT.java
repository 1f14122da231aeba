package io.chaosharness.availability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.pool.ForwardingDataSource;
import io.chaosharness.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An availability check begun while the database refuses connections waits at the gate (the reference pool's recovery
 * probe), not in the pool: it borrows nothing until the gate says the database is back.
 */
class AvailabilityGateIT {

    private static final AvailabilityConfig SMALL = new AvailabilityConfig(Duration.ofMillis(300), Duration.ofMillis(10),
            Duration.ofMillis(40));

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @Test
    void whileTheDatabaseRefusesAnAttemptWaitsAtTheGateForThePoolTimeoutAndBorrowsNothing() {
        Borrows borrows = new Borrows(database());
        List<Long> asked = new CopyOnWriteArrayList<>();
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        try (AvailabilityChecker checker = new AvailabilityChecker("gate-test", borrows, recorder, SMALL, null,
                timeoutMs -> asked.add(timeoutMs) && false, Duration.ofMillis(200))) {
            assertThat(checker.isDatabaseAvailable(2)).isFalse();
        }
        assertThat(borrows.count.get()).as("borrows from the pool while refused").isZero();
        assertThat(asked).as("each attempt waits at most the pool timeout (200 ms, under the 300 ms attempt)")
                .containsExactly(200L, 200L);
        assertThat(recorder.ofType(AvailabilityCheckEvent.class)).hasSize(2).allSatisfy(e -> {
            assertThat(e.available()).isFalse();
            assertThat(e.message()).contains("SQLTransientConnectionException")
                    .contains("the database refuses connections");
        });
    }

    @Test
    void theGateBoundIsTheAttemptTimeoutWhenThatIsShorterThanThePoolTimeout() {
        List<Long> asked = new CopyOnWriteArrayList<>();
        try (AvailabilityChecker checker = new AvailabilityChecker("gate-test", new Borrows(database()),
                new EventRecorder(Clock.systemUTC()), SMALL, null, timeoutMs -> asked.add(timeoutMs) && false,
                Duration.ofSeconds(10))) {
            assertThat(checker.isDatabaseAvailable(1)).isFalse();
        }
        assertThat(asked).containsExactly(300L);
    }

    @Test
    void onceTheGateSaysTheDatabaseIsBackTheAttemptBorrowsAndSucceeds() {
        Borrows borrows = new Borrows(database());
        AtomicInteger asks = new AtomicInteger();
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        try (AvailabilityChecker checker = new AvailabilityChecker("gate-test", borrows, recorder, SMALL, null,
                timeoutMs -> asks.incrementAndGet() > 1, Duration.ofMillis(200))) {
            assertThat(checker.isDatabaseAvailable(3)).isTrue();
        }
        assertThat(asks.get()).as("refused at the first attempt, back at the second").isEqualTo(2);
        assertThat(borrows.count.get()).isEqualTo(1);
        assertThat(recorder.ofType(AvailabilityCheckEvent.class)).extracting(AvailabilityCheckEvent::attempt,
                AvailabilityCheckEvent::available).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, false), org.assertj.core.groups.Tuple.tuple(2, true));
    }

    private static PGSimpleDataSource database() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres");
        ds.setUser(TestPostgres.USER);
        ds.setPassword(TestPostgres.PASSWORD);
        return ds;
    }

    /** A real data source that counts its borrows. */
    private static final class Borrows extends ForwardingDataSource {
        final AtomicInteger count = new AtomicInteger();

        Borrows(DataSource delegate) {
            super(delegate);
        }

        @Override
        public Connection getConnection() throws SQLException {
            count.incrementAndGet();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            count.incrementAndGet();
            return super.getConnection(user, password);
        }
    }
}
