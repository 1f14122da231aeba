package io.chaosharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosharness.testing.Hostile;
import io.chaosharness.testing.HttpFuzz;
import io.chaosharness.testing.HttpFuzz.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reference service under {@link HttpFuzz}'s hostile requests on real sockets (its database unreachable, so
 * logins take the unavailable path): every request gets a documented status or a closed connection within the read
 * and idle timeouts, health still answers afterwards, and no thread or file descriptor is left behind.
 */
class ReferenceServiceHttpFuzzTest {

    private static final int CASES = 600;
    private static final int CLIENTS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /**
     * Hostile input is cut within the read or idle timeout (1 s); a well-formed login goes to the unreachable
     * database, bounded by the pool's timeouts and the retry policy (a few seconds with 8 logins in flight).
     */
    private static final int CLOSE_WITHIN_MS = 15_000;
    /**
     * The service's own statuses (200, 400, 401, 404, 503) and Jetty's for what never reaches it: 400 bad request,
     * 413 body over Javalin's 1 MB, 414 URI too long, 417 bad Expect, 431 headers too large, 501 unknown transfer
     * coding, 426 for HTTP/2.0 over plain HTTP/1 (Jetty asks for an upgrade), 505 other HTTP versions. Not 500: an internal error on hostile input is a bug.
     */
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 405, 413, 414, 417, 426, 431, 501, 503,
            505);
    private static final List<String> PATHS = List.of("/api/auth/login", "/api/auth/login", "/api/health/database",
            "/api/admin/users", "/api/debug/db-status", "/", "/api/nope");

    @BeforeAll
    static void pool() {
        ReferenceServiceUnderHostileClientsTest.pool();
    }

    @AfterAll
    static void closePool() {
        ReferenceServiceUnderHostileClientsTest.closePool();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyHostileRequestGetsADocumentedStatusOrAClosedConnectionAndNothingLeaks() throws Exception {
        List<HttpFuzz.Case> cases = HttpFuzz.cases(CASES, PATHS);
        try (AutoCloseable quiet = Hostile.infoLevel("org.eclipse.jetty");
             ReferenceService warmUp = ReferenceService.start(ReferenceServiceUnderHostileClientsTest.pool,
                     ReferenceServiceUnderHostileClientsTest.config().build())) {
            // the pool and the JDK start some threads once, on first use: not the service's to give back
            HttpFuzz.run(warmUp.port(), cases.subList(0, 40), CLIENTS, CLOSE_WITHIN_MS);
        }
        // the pool's own threads (availability checks on demand) are the pool's, closed with it: not counted
        String poolThreads = ReferenceServiceUnderHostileClientsTest.pool.name();
        int threadsBeforeStart = Hostile.threadsExcept(poolThreads);
        String namesBeforeStart = Hostile.threadNames();
        try (AutoCloseable quiet = Hostile.infoLevel("org.eclipse.jetty");
             ReferenceService service = ReferenceService.start(ReferenceServiceUnderHostileClientsTest.pool,
                     ReferenceServiceUnderHostileClientsTest.config().readTimeout(TIMEOUT).idleTimeout(TIMEOUT)
                             .build())) {
            int port = service.port();
            HttpFuzz.run(port, cases.subList(0, 40), CLIENTS, CLOSE_WITHIN_MS); // warm-up
            int fdsBefore = Hostile.fds();

            long start = System.nanoTime();
            List<Outcome> outcomes = HttpFuzz.run(port, cases, CLIENTS, CLOSE_WITHIN_MS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            List<String> bad = HttpFuzz.violations(outcomes, DOCUMENTED);
            long answered = outcomes.stream().filter(o -> o.status() > 0).count();
            System.out.printf("reference service fuzz (seed %d): %d cases in %d s, %d answered with a status, %d"
                    + " closed without one; by status %s%n", HttpFuzz.SEED, CASES, seconds, answered,
                    CASES - answered, HttpFuzz.histogram(outcomes));
            assertThat(bad).as("violations (replay with -Dfuzz.seed=%d)", HttpFuzz.SEED).isEmpty();

            Hostile.Answer health = Hostile.exchange(port, Hostile.request("GET", "/api/health/database", null), 5_000);
            assertThat(health.status()).as("health after the fuzz: %s", health.response()).isIn(200, 503);
            assertThat(health.response()).contains("\"status\"");
            await("file descriptors back to their baseline").atMost(Duration.ofSeconds(15)).pollInSameThread()
                    .untilAsserted(() -> assertThat(Hostile.fds()).as("fds (baseline %d)", fdsBefore)
                            .isLessThanOrEqualTo(fdsBefore));
            System.out.printf("reference service fuzz: fds %d -> %d%n", fdsBefore, Hostile.fds());
        }
        await("threads back to their baseline once the service is closed").atMost(Duration.ofSeconds(10))
                .pollInSameThread().untilAsserted(() -> assertThat(Hostile.threadsExcept(poolThreads))
                        .as("threads (before start %d: %s; now %s)", threadsBeforeStart, namesBeforeStart,
                                Hostile.threadNames()).isLessThanOrEqualTo(threadsBeforeStart));
        System.out.printf("reference service fuzz: threads (the pool's aside) %d before start, %d after close%n",
                threadsBeforeStart, Hostile.threadsExcept(poolThreads));
    }
}
