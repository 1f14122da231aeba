package io.chaosharness.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The recovery probe's bounds (attempts and time per arming), and what its first success does: wakes sleepers and
 * runs the on-back action only when the database first refused. Refusals are real (a closed loopback port).
 */
class RecoveryProbeTest {

    private final EventRecorder recorder = new EventRecorder(Clock.systemUTC());

    private static PGSimpleDataSource refusing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { // a free loopback port, closed again: connects are refused
            port = s.getLocalPort();
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("none");
        ds.setUser("none");
        ds.setConnectTimeout(1);
        ds.setLoginTimeout(1);
        return ds;
    }

    /** Connects to {@code server}, which accepts (its backlog does) and never answers: each connect hangs its 1 s. */
    private static PGSimpleDataSource silent(ServerSocket server) throws Exception {
        PGSimpleDataSource ds = refusing();
        ds.setPortNumbers(new int[] {server.getLocalPort()});
        return ds;
    }

    private static ServerSocket silentServer() throws Exception {
        return new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    }

    private List<String> notes() {
        return recorder.snapshot().stream().filter(NoteEvent.class::isInstance).map(e -> ((NoteEvent) e).message())
                .toList();
    }

    @Test
    void stopsAfterItsAttemptBoundAndRecordsEveryAttempt() throws Exception {
        AtomicInteger back = new AtomicInteger();
        try (RecoveryProbe probe = new RecoveryProbe("p", refusing(), recorder, Duration.ofMillis(5),
                Duration.ofMinutes(1), 4, back::incrementAndGet, null)) {
            probe.suspect();
            await().atMost(Duration.ofSeconds(20)).until(() -> !probe.armed());
            List<String> notes = notes();
            assertThat(notes.stream().filter(n -> n.matches("attempt \\d+ failed.*"))).hasSize(4);
            assertThat(notes).anyMatch(n -> n.startsWith("gave up after 4 attempt(s)"));
            assertThat(back).as("never back").hasValue(0);
            assertThat(probe.recoveries()).isZero();
        }
    }

    @Test
    void stopsAfterItsTimeBound() throws Exception {
        try (RecoveryProbe probe = new RecoveryProbe("p", refusing(), recorder, Duration.ofMillis(50),
                Duration.ofMillis(120), 100_000, null, null)) {
            probe.suspect();
            await().atMost(Duration.ofSeconds(20)).until(() -> !probe.armed());
            List<String> notes = notes();
            long attempts = notes.stream().filter(n -> n.matches("attempt \\d+ failed.*")).count();
            assertThat(attempts).as("a 120 ms bound at one attempt per 50 ms (plus each attempt's time)")
                    .isBetween(1L, 4L);
            assertThat(notes).anyMatch(n -> n.startsWith("gave up after " + attempts + " attempt(s)")
                    && n.endsWith("(bound 100000 attempts, 120 ms)"));
        }
    }

    @Test
    void firstSuccessAfterARefusalWakesSleepersAndRunsTheOnBackAction() throws Exception {
        PGSimpleDataSource refusing = refusing();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger back = new AtomicInteger();
        // refuses (really) three times, then "accepts": a connection-less success stands for the database's return
        javax.sql.DataSource flaky = new ForwardingDataSource(refusing) {
            @Override
            public Connection getConnection() throws SQLException {
                if (calls.incrementAndGet() <= 3) {
                    return refusing.getConnection();
                }
                return null;
            }
        };
        try (RecoveryProbe probe = new RecoveryProbe("p", flaky, recorder, Duration.ofMillis(50),
                Duration.ofSeconds(30), 1000, back::incrementAndGet, null)) {
            long since = System.nanoTime();
            probe.suspect();
            long slept = probe.sleepUnlessBack(30_000, since);
            assertThat(slept).as("woken by the probe, not the 30 s backoff").isLessThan(30_000);
            assertThat(probe.recoveries()).isEqualTo(1);
            assertThat(calls.get()).as("attempts until the first success (a fifth may have started beside it)")
                    .isBetween(4, 5);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(back).hasValue(1));
            assertThat(probe.sleepUnlessBack(30_000, since)).as("a recovery after the attempt began ends it at once")
                    .isZero();
            assertThat(notes()).anyMatch(n -> n.matches("database accepting connections again: attempt [45] .*"));
        }
    }

    /**
     * Where every attempt hangs its whole 1 s (a blackhole swallowing the login), attempts still start, but spread over
     * that second once two are in flight (every 250 ms, at most 4 at once), not every 20 ms: each hung attempt holds a
     * database backend, and the backends of the hung attempts all exit when a blackhole lifts, delaying the first
     * connect after it by about 10 ms each. Counted as the connects the silent server took in the first 700 ms: at
     * 0, 20, 270 and 520 ms, so 3 or 4 (16 at once every 62 ms, as before, would be about 13; every 20 ms, 35).
     */
    @Test
    void hungAttemptsAreSpreadOverTheConnectTimeout() throws Exception {
        try (ServerSocket server = silentServer();
             RecoveryProbe probe = new RecoveryProbe("p", silent(server), recorder, Duration.ofMillis(20),
                     Duration.ofSeconds(30), 1000, null, null)) {
            AtomicInteger accepted = new AtomicInteger();
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept()); // accepted and never answered
                        accepted.incrementAndGet();
                    }
                } catch (java.io.IOException closed) {
                    // the server closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            probe.suspect();
            Thread.sleep(700);
            int started = accepted.get();

            assertThat(started).as("attempts started in 700 ms while every one hangs")
                    .isBetween(3, RecoveryProbe.MAX_IN_FLIGHT);
            assertThat(notes()).as("none of them ended yet").noneMatch(n -> n.matches("attempt \\d+ failed.*"));
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * An attempt that ends before its timeout (the hung connection closed, as when a blackhole lifts) makes the next
     * attempt due one interval later, not at the spread's 250 ms: the lift itself starts the connect that sees the
     * database back. Here every attempt is held 100 ms and then closed by the server: with the spread alone about two
     * attempts start per 270 ms, 8 in the first second; started again on each early end, about two per 100 ms.
     */
    @Test
    void anAttemptEndingEarlyStartsTheNextAtOnce() throws Exception {
        java.util.concurrent.ScheduledExecutorService closer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        try (ServerSocket server = silentServer();
             RecoveryProbe probe = new RecoveryProbe("p", silent(server), recorder, Duration.ofMillis(20),
                     Duration.ofSeconds(30), 1000, null, null)) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket s = server.accept(); // held 100 ms unanswered, then closed
                        accepted.incrementAndGet();
                        closer.schedule(() -> {
                            s.close();
                            return null;
                        }, 100, TimeUnit.MILLISECONDS);
                    }
                } catch (java.io.IOException closed) {
                    // the server closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            probe.suspect();
            Thread.sleep(1000);

            assertThat(accepted.get()).as("attempts started in 1 s while each is closed 100 ms after it started")
                    .isGreaterThanOrEqualTo(12);
            assertThat(notes()).as("they ended early, closed, not timed out")
                    .anyMatch(n -> n.matches("attempt \\d+ failed in \\d+ ms: .*") && !n.contains("timed out"));
        } finally {
            closer.shutdownNow();
        }
    }

    /**
     * An attempt that hangs for its whole timeout (a server that accepts and never answers, as a proxy dialling a
     * stopped container does) does not hold up the next: attempts go on starting beside it, and the database's
     * return is seen while the hung one is still waiting.
     */
    @Test
    void aHungAttemptDoesNotHoldUpTheNext() throws Exception {
        try (ServerSocket server = silentServer()) {
            PGSimpleDataSource hanging = silent(server);
            PGSimpleDataSource refusing = refusing();
            AtomicInteger calls = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong hungEndedAt = new java.util.concurrent.atomic.AtomicLong();
            javax.sql.DataSource db = new ForwardingDataSource(refusing) {
                @Override
                public Connection getConnection() throws SQLException {
                    int n = calls.incrementAndGet();
                    if (n == 1) {
                        return refusing.getConnection();
                    }
                    if (n == 2) {
                        try {
                            return hanging.getConnection(); // ends after its 1 s login timeout
                        } finally {
                            hungEndedAt.set(System.nanoTime());
                        }
                    }
                    return n < 6 ? refusing.getConnection() : null; // back from the sixth attempt on
                }
            };
            try (RecoveryProbe probe = new RecoveryProbe("p", db, recorder, Duration.ofMillis(20),
                    Duration.ofSeconds(30), 1000, null, null)) {
                long since = System.nanoTime();
                probe.suspect();
                probe.sleepUnlessBack(30_000, since);
                long backAt = System.nanoTime();
                assertThat(probe.recoveries()).isEqualTo(1);
                assertThat(hungEndedAt.get()).as("the hung second attempt was still waiting when the return was seen")
                        .isZero();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(notes())
                        .anyMatch(n -> n.matches("database accepting connections again: attempt \\d+ .*")));
                await().atMost(Duration.ofSeconds(10)).until(() -> hungEndedAt.get() != 0);
                assertThat(hungEndedAt.get() - backAt).isPositive();
            }
        }
    }

    /**
     * The pool's connection adder ({@link GatedDataSource}) in the same place: its connect hangs (a server that
     * accepts and never answers) while the database comes back; once the probe sees the return, a second connect
     * races the hung one and the adder has its connection before the hung one ends. Either with the probe armed
     * before the connect began, or with the connect begun before the probe was armed (HikariCP's adder refilling the
     * pool just after an eviction, before any refusal has armed the probe; a failure elsewhere arms it while the
     * connect hangs).
     */
    @ParameterizedTest(name = "probe armed before the connect began: {0}")
    @ValueSource(booleans = {true, false})
    void thePoolsAdderRacesAHungConnectOnceTheDatabaseIsBack(boolean armedFirst) throws Exception {
        try (ServerSocket server = silentServer()) {
            PGSimpleDataSource hanging = silent(server);
            PGSimpleDataSource refusing = refusing();
            java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
            javax.sql.DataSource probed = new ForwardingDataSource(refusing) {
                @Override
                public Connection getConnection() throws SQLException {
                    return up.get() ? null : refusing.getConnection();
                }
            };
            AtomicInteger adderCalls = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong hungEndedAt = new java.util.concurrent.atomic.AtomicLong();
            javax.sql.DataSource pooled = new ForwardingDataSource(refusing) {
                @Override
                public Connection getConnection() throws SQLException {
                    if (adderCalls.incrementAndGet() == 1) {
                        try {
                            return hanging.getConnection(); // ends after its 1 s login timeout
                        } finally {
                            hungEndedAt.set(System.nanoTime());
                        }
                    }
                    return null; // a connection-less success stands for the database's new connection
                }
            };
            try (RecoveryProbe probe = new RecoveryProbe("p", probed, recorder, Duration.ofMillis(20),
                    Duration.ofSeconds(30), 1000, null, null)) {
                if (armedFirst) {
                    armAndAwaitAnAttempt(probe);
                } else {
                    assertThat(probe.armed()).as("nothing has failed yet").isFalse();
                }
                GatedDataSource gated = new GatedDataSource(pooled, probe, 30_000, 20, recorder, "p");
                java.util.concurrent.CompletableFuture<Connection> adder = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            try {
                                return gated.getConnection();
                            } catch (SQLException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
                await().atMost(Duration.ofSeconds(5)).until(() -> adderCalls.get() == 1);
                if (!armedFirst) {
                    armAndAwaitAnAttempt(probe);
                }
                up.set(true);
                assertThat(adder.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNull();
                assertThat(hungEndedAt.get()).as("the adder had its connection while the hung connect still waited")
                        .isZero();
                assertThat(probe.recoveries()).isEqualTo(1);
                assertThat(adderCalls).as("the hung connect and the one that raced it").hasValue(2);
                assertThat(notes()).anyMatch(n -> n.contains("a second connect races it"));
                await().atMost(Duration.ofSeconds(10)).until(() -> hungEndedAt.get() != 0);
            }
        }
    }

    private void armAndAwaitAnAttempt(RecoveryProbe probe) {
        probe.suspect();
        await().atMost(Duration.ofSeconds(5)).until(() -> notes().stream().anyMatch(n -> n.startsWith("attempt")));
    }

    @Test
    void aFirstAttemptThatConnectsWakesNothing() throws Exception {
        AtomicInteger back = new AtomicInteger();
        javax.sql.DataSource up = new ForwardingDataSource(refusing()) {
            @Override
            public Connection getConnection() {
                return null;
            }
        };
        try (RecoveryProbe probe = new RecoveryProbe("p", up, recorder, Duration.ofMillis(5), Duration.ofSeconds(5),
                10, back::incrementAndGet, null)) {
            probe.suspect();
            await().atMost(Duration.ofSeconds(5)).until(() -> !probe.armed());
            assertThat(probe.recoveries()).isZero();
            assertThat(back).hasValue(0);
            assertThat(probe.sleepUnlessBack(50, System.nanoTime())).as("the backoff keeps its length")
                    .isGreaterThanOrEqualTo(50);
            assertThat(notes()).anyMatch(n -> n.endsWith("nothing to wake"));
        }
    }

    @Test
    void aBrokenConnectionIsAnsweredByOneConnectThatLaterFailuresBeforeItShare() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        javax.sql.DataSource up = new ForwardingDataSource(refusing()) {
            @Override
            public Connection getConnection() {
                connects.incrementAndGet();
                return null; // a connection-less success stands for the database accepting one
            }
        };
        try (RecoveryProbe probe = new RecoveryProbe("p", up, recorder, Duration.ofMillis(5), Duration.ofSeconds(5),
                10, null, null)) {
            long failedAt = System.nanoTime();
            assertThat(probe.acceptingSince(failedAt)).as("the connect succeeded").isTrue();
            assertThat(probe.acceptingSince(failedAt)).as("a failure before that connect is answered by it").isTrue();
            assertThat(connects).as("one connect answered both").hasValue(1);
            assertThat(probe.acceptingSince(System.nanoTime())).as("a failure after it asks again").isTrue();
            assertThat(connects).hasValue(2);
            assertThat(probe.armed()).as("the database never refused: nothing to watch").isFalse();
            assertThat(notes()).anyMatch(n -> n.startsWith("connection broken: a connect outside the pool succeeded"));
        }
    }

    @Test
    void aBrokenConnectionWhoseConfirmingConnectIsRefusedArmsTheProbeAndKeepsTheBackoff() throws Exception {
        try (RecoveryProbe probe = new RecoveryProbe("p", refusing(), recorder, Duration.ofMillis(20),
                Duration.ofSeconds(30), 1000, null, null)) {
            assertThat(probe.acceptingSince(System.nanoTime())).as("refused: the backoff decides").isFalse();
            assertThat(probe.armed()).as("the probe watches for the database's return").isTrue();
            assertThat(probe.acceptingSince(System.nanoTime())).as("while armed, no further connect").isFalse();
            assertThat(notes()).anyMatch(n -> n.startsWith("connection broken: a connect outside the pool failed"));
        }
    }

    @Test
    void rejectsUnboundedSettings() throws Exception {
        PGSimpleDataSource ds = refusing();
        assertThatThrownBy(() -> new RecoveryProbe("p", ds, recorder, Duration.ZERO, Duration.ofSeconds(1), 1, null,
                null)).hasMessageContaining("interval");
        assertThatThrownBy(() -> new RecoveryProbe("p", ds, recorder, Duration.ofMillis(1), Duration.ofHours(1), 1,
                null, null)).hasMessageContaining("maxArmed");
        assertThatThrownBy(() -> new RecoveryProbe("p", ds, recorder, Duration.ofMillis(1), Duration.ofSeconds(1), 0,
                null, null)).hasMessageContaining("maxAttempts");
    }
}
