package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosharness.testing.Hostile;
import io.chaosharness.testing.Hostile.Answer;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's bar for the fault API: 1 000 clients that send half a request and then nothing must not delay the
 * requests that remove faults, and the server must close them itself within 20 s. Real sockets on loopback.
 */
class ApiUnderHostileClientsTest {

    private static final int HELD = 1_000;
    private static final String HALF_SENT = "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half-Sent: ";

    @Test
    void thousandHalfSentRequestsDelayNeitherVersionNorResetAndAreClosedWithinTwentySeconds() throws Exception {
        assertThat(Hostile.openFileLimit())
                .as("open-file limit of the test JVM (client and server ends of %d sockets share it); raise ulimit -n",
                        HELD)
                .isGreaterThanOrEqualTo(4 * HELD);
        try (EchoServer echo = new EchoServer();
             ToxiproxyServer server = ToxiproxyServer.start(
                     ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(18L).build())) {
            int api = server.apiPort();
            Http http = new Http(server.apiUri());
            ToxicBehaviourTest.createProxy(http, "pg", echo.address());
            String latency = "{\"name\":\"slow\",\"type\":\"latency\",\"attributes\":{\"latency\":1000}}";
            // warm up the code paths measured below, so the bound measures the server and not class loading
            for (int i = 0; i < 20; i++) {
                Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000);
                Hostile.exchange(api, Hostile.request("POST", "/reset", ""), 5_000);
            }
            int threadsBefore = Hostile.threads();
            int fdsBefore = Hostile.fds();

            List<Socket> held = Hostile.halfSent(api, HELD, HALF_SENT);
            long heldSince = System.nanoTime();
            try {
                await("the server has accepted all " + HELD + " half-sent connections")
                        .atMost(Duration.ofSeconds(10)).until(() -> server.apiConnections() >= HELD);
                assertThat(Hostile.exchange(api, Hostile.request("POST", "/proxies/pg/toxics", latency), 5_000)
                        .status()).as("a toxic added while %d connections are held", HELD).isEqualTo(200);

                Answer version = Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000);
                Answer deleteToxic = Hostile.exchange(api, Hostile.request("DELETE", "/proxies/pg/toxics/slow", null),
                        5_000);
                Answer disable = Hostile.exchange(api, Hostile.request("POST", "/proxies/pg", "{\"enabled\":false}"),
                        5_000);
                Answer reset = Hostile.exchange(api, Hostile.request("POST", "/reset", ""), 5_000);
                System.out.printf("held %d: GET /version %.1f ms, DELETE toxic %.1f ms, disable %.1f ms,"
                                + " POST /reset %.1f ms%n", HELD, version.millis(), deleteToxic.millis(),
                        disable.millis(), reset.millis());
                assertThat(version.status()).as("GET /version: %s", version.response()).isEqualTo(200);
                assertThat(version.response()).contains(ToxiproxyApi.VERSION_BODY);
                assertThat(deleteToxic.status()).as("DELETE toxic: %s", deleteToxic.response()).isEqualTo(204);
                assertThat(disable.status()).as("disable: %s", disable.response()).isEqualTo(200);
                assertThat(reset.status()).as("POST /reset: %s", reset.response()).isEqualTo(204);
                assertThat(version.millis()).as("GET /version with %d held connections, ms", HELD).isLessThan(100);
                assertThat(reset.millis()).as("POST /reset with %d held connections, ms", HELD).isLessThan(100);
                assertThat(deleteToxic.millis()).as("DELETE toxic with %d held connections, ms", HELD).isLessThan(100);
                assertThat(http.get("/proxies/pg").body()).as("reset re-enabled the proxy").contains("\"enabled\":true");

                Duration left = Duration.ofSeconds(20).minusNanos(System.nanoTime() - heldSince);
                await("the server closes the " + HELD + " half-sent connections (read timeout 15 s)")
                        .atMost(left).pollInterval(Duration.ofMillis(250))
                        .until(() -> Hostile.stillOpen(held) == 0);
                System.out.printf("held connections closed by the server after %.1f s%n",
                        (System.nanoTime() - heldSince) / 1e9);
                assertThat(server.apiConnections())
                        .as("server-side connections left (at most the java.net.http client's kept-alive one)")
                        .isLessThanOrEqualTo(1);
            } finally {
                Hostile.closeAll(held);
            }
            await("threads and file descriptors back to their baseline (%d threads, %d fds)"
                    .formatted(threadsBefore, fdsBefore))
                    .atMost(Duration.ofSeconds(10)).pollInSameThread()
                    .untilAsserted(() -> assertThat(new int[] {Hostile.threads(), Hostile.fds()})
                            .as("threads, fds").satisfies(now -> {
                                assertThat(now[0]).as("threads").isLessThanOrEqualTo(threadsBefore);
                                assertThat(now[1]).as("fds").isLessThanOrEqualTo(fdsBefore);
                            }));
            System.out.printf("threads %d -> %d, fds %d -> %d%n", threadsBefore, Hostile.threads(), fdsBefore,
                    Hostile.fds());
        }
    }

    @Test
    void atTheConnectionCapTheLongestWaitingClientMakesRoom() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0)
                .maxConnections(16).build())) {
            int api = server.apiPort();
            List<Socket> first = Hostile.halfSent(api, 1, HALF_SENT);
            await("first connection accepted").atMost(Duration.ofSeconds(5)).until(() -> server.apiConnections() == 1);
            List<Socket> rest = Hostile.halfSent(api, 15, HALF_SENT);
            try {
                await("16 connections accepted").atMost(Duration.ofSeconds(5)).until(() -> server.apiConnections() == 16);
                Answer version = Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000);
                assertThat(version.status()).as("a request at the cap: %s", version.response()).isEqualTo(200);
                await("the oldest half-sent connection was closed to make room")
                        .atMost(Duration.ofSeconds(5)).until(() -> Hostile.stillOpen(first) == 0);
                assertThat(Hostile.stillOpen(rest)).as("the younger half-sent connections").isEqualTo(15);
            } finally {
                Hostile.closeAll(first);
                Hostile.closeAll(rest);
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsCutAtTheWriteTimeoutAndAnIdleOneAtTheIdleTimeout() throws Exception {
        try (EchoServer echo = new EchoServer();
             ToxiproxyServer server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0)
                     .readTimeout(Duration.ofMillis(500)).writeTimeout(Duration.ofMillis(500))
                     .idleTimeout(Duration.ofMillis(700)).build())) {
            int api = server.apiPort();
            Http http = new Http(server.apiUri());
            for (int i = 0; i < 40; i++) {
                ToxicBehaviourTest.createProxy(http, "p" + i + "-" + "x".repeat(200), echo.address());
            }
            // pipelined GET /proxies (40 kB answers each) that are never read: the server's writes stall
            byte[] one = "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes();
            try (Socket stuck = new Socket("127.0.0.1", api); Socket idle = new Socket("127.0.0.1", api)) {
                stuck.setReceiveBufferSize(4096);
                for (int i = 0; i < 200; i++) {
                    stuck.getOutputStream().write(one);
                }
                idle.getOutputStream().write("GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes());
                long start = System.nanoTime();
                await("both connections closed by the server").atMost(Duration.ofSeconds(10))
                        .until(() -> server.apiConnections() == 0);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(seconds).as("closed after the write and idle timeouts, s").isGreaterThan(0.5);
                assertThat(http.get("/version").statusCode()).isEqualTo(200);
            }
        }
    }
}
