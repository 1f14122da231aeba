package io.chaosharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.fallback.BreakGlassCredential;
import io.chaosharness.fallback.PasswordHasher;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.retry.ResilienceConfig;
import io.chaosharness.testing.Hostile;
import io.chaosharness.testing.Hostile.Answer;
import io.chaosharness.testing.TestPostgres;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's bar for the reference service: with 1 000 clients that send half a request and then nothing, the health
 * endpoint still answers within its 500 ms, and the server closes the held connections itself within 20 s. The
 * database is unreachable on purpose: health is served from memory, and no PostgreSQL is needed to prove the HTTP
 * server's bounds. Real sockets on loopback.
 */
class ReferenceServiceUnderHostileClientsTest {

    private static final int HELD = 1_000;
    private static final String HALF_SENT = "GET /api/health/database HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half-Sent: ";
    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    static ReferencePool pool;

    @BeforeAll
    static void pool() {
        pool = ReferencePool.builder(PoolSettings.parse(TestPostgres.closedPortUrl(
                        "connection_limit=2&pool_timeout=1&connect_timeout=1")))
                .recorder(new EventRecorder(Clock.systemUTC())).seed(18L)
                .resilience(ResilienceConfig.custom().maxRetries(1).baseDelay(Duration.ofMillis(20)).build())
                .availability(new AvailabilityConfig(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(20)))
                .start();
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static ServiceConfig.Builder config() {
        return ServiceConfig.custom().port(0).adminToken(AdminToken.of("hostile-" + AdminToken.generate()))
                .hasher(HASHER).breakGlass(BreakGlassCredential.of("bg@example.com", "bg-secret-pw", HASHER));
    }

    @Test
    void atTheConnectionCapTheLongestWaitingClientMakesRoomForHealth() throws Exception {
        try (AutoCloseable quiet = Hostile.infoLevel("org.eclipse.jetty");
             ReferenceService service = ReferenceService.start(pool, config().maxConnections(16).build())) {
            int port = service.port();
            List<Socket> first = Hostile.halfSent(port, 1, HALF_SENT);
            Thread.sleep(300); // a later phase start than the first, as the guard samples every 100 ms
            List<Socket> rest = Hostile.halfSent(port, 15, HALF_SENT);
            try {
                Answer health = Hostile.exchange(port, Hostile.request("GET", "/api/health/database", null), 5_000);
                assertThat(health.status()).as("health at the cap: %s", health.response()).isIn(200, 503);
                await("the oldest half-sent connection was closed to make room").atMost(Duration.ofSeconds(5))
                        .pollInSameThread().until(() -> Hostile.stillOpen(first) == 0);
                assertThat(Hostile.stillOpen(rest)).as("the younger half-sent connections").isEqualTo(15);
            } finally {
                Hostile.closeAll(first);
                Hostile.closeAll(rest);
            }
        }
    }

    @Test
    void thousandHalfSentRequestsLeaveHealthUnderHalfASecondAndAreClosedWithinTwentySeconds() throws Exception {
        assertThat(Hostile.openFileLimit())
                .as("open-file limit of the test JVM (client and server ends of %d sockets share it); raise ulimit -n",
                        HELD)
                .isGreaterThanOrEqualTo(4 * HELD);
        String poolThreads = pool.name(); // the pool's threads are the pool's, closed with it: not counted
        int threadsBeforeStart = Hostile.threadsExcept(poolThreads);
        try (AutoCloseable quiet = Hostile.infoLevel("org.eclipse.jetty");
             ReferenceService service = ReferenceService.start(pool, config().build())) {
            int port = service.port();
            byte[] health = Hostile.request("GET", "/api/health/database", null);
            for (int i = 0; i < 20; i++) {
                Hostile.exchange(port, health, 5_000);
            }
            int threadsBefore = Hostile.threads();
            int fdsBefore = Hostile.fds();

            List<Socket> held = Hostile.halfSent(port, HELD, HALF_SENT);
            long heldSince = System.nanoTime();
            try {
                Answer first = Hostile.exchange(port, health, 5_000);
                Answer second = Hostile.exchange(port, health, 5_000);
                System.out.printf("held %d: health %.1f ms, %.1f ms%n", HELD, first.millis(), second.millis());
                for (Answer a : List.of(first, second)) {
                    assertThat(a.status()).as("health with %d held connections: %s", HELD, a.response())
                            .isIn(200, 503);
                    assertThat(a.response()).contains("\"status\"");
                    assertThat(a.millis()).as("health with %d held connections, ms", HELD).isLessThan(500);
                }
                Duration left = Duration.ofSeconds(20).minusNanos(System.nanoTime() - heldSince);
                await("the service closes the " + HELD + " half-sent connections")
                        .atMost(left).pollInterval(Duration.ofMillis(250)).pollInSameThread()
                        .until(() -> Hostile.stillOpen(held) == 0);
                System.out.printf("held connections closed by the service after %.1f s%n",
                        (System.nanoTime() - heldSince) / 1e9);
            } finally {
                Hostile.closeAll(held);
            }
            await("file descriptors back to their baseline").atMost(Duration.ofSeconds(10)).pollInSameThread()
                    .untilAsserted(() -> assertThat(Hostile.fds()).as("fds (baseline %d)", fdsBefore)
                            .isLessThanOrEqualTo(fdsBefore));
            System.out.printf("threads %d -> %d (Jetty's pool grows under load and shrinks after 60 s idle),"
                    + " fds %d -> %d%n", threadsBefore, Hostile.threads(), fdsBefore, Hostile.fds());
        }
        await("threads back to their baseline once the service is closed").atMost(Duration.ofSeconds(10))
                .pollInSameThread().untilAsserted(() -> assertThat(Hostile.threadsExcept(poolThreads))
                        .as("threads (before start %d)", threadsBeforeStart).isLessThanOrEqualTo(threadsBeforeStart));
    }
}
