package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosharness.testing.Hostile;
import io.chaosharness.testing.HttpFuzz;
import io.chaosharness.testing.HttpFuzz.Outcome;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault API's HTTP transport under {@link HttpFuzz}'s hostile requests on real sockets: every request gets one of
 * the statuses {@link ApiHttpServer} documents or a closed connection within the read timeout plus the linger, the
 * server keeps serving and proxying, and no thread or file descriptor is left behind.
 */
class ApiTransportFuzzTest {

    private static final int CASES = 800;
    private static final int CLIENTS = 8;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /** Read timeout, then at most the linger (capped at the read timeout), plus slack for a loaded machine. */
    private static final int CLOSE_WITHIN_MS = (int) (2 * READ_TIMEOUT.toMillis() + 4_000);
    private static final Set<Integer> DOCUMENTED = Set.of(200, 201, 204, 400, 403, 404, 405, 409, 413, 417, 431, 500,
            501, 503, 505);
    private static final List<String> PATHS = List.of("/version", "/reset", "/populate", "/proxies", "/proxies/fz",
            "/proxies/fz/toxics", "/proxies/fz/toxics/latency_downstream", "/metrics", "/", "/nope");

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyHostileRequestGetsADocumentedStatusOrAClosedConnectionAndNothingLeaks() throws Exception {
        try (EchoServer echo = new EchoServer();
             ToxiproxyServer server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0)
                     .seed(HttpFuzz.SEED).readTimeout(READ_TIMEOUT).build())) {
            int api = server.apiPort();
            String create = "{\"name\":\"fz\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}";
            assertThat(Hostile.exchange(api, Hostile.request("POST", "/proxies", create), 5_000).status())
                    .isEqualTo(201);
            List<HttpFuzz.Case> cases = HttpFuzz.cases(CASES, PATHS);
            HttpFuzz.run(api, cases.subList(0, 40), CLIENTS, CLOSE_WITHIN_MS); // warm-up: threads the JDK starts once
            await("warm-up connections closed").atMost(Duration.ofSeconds(10)).pollInSameThread()
                    .until(() -> server.apiConnections() == 0);
            int threadsBefore = Hostile.threads();
            int fdsBefore = Hostile.fds();

            long start = System.nanoTime();
            List<Outcome> outcomes = HttpFuzz.run(api, cases, CLIENTS, CLOSE_WITHIN_MS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            List<String> bad = HttpFuzz.violations(outcomes, DOCUMENTED);
            for (Outcome o : outcomes) {
                if (o.status() == 500 && !o.response().contains("listen tcp")) {
                    bad.add("500 that is not a listen failure: " + o.c().describe() + "\n" + o.response());
                }
            }
            long answered = outcomes.stream().filter(o -> o.status() > 0).count();
            System.out.printf("proxy API fuzz (seed %d): %d cases in %d s, %d answered with a status, %d closed"
                    + " without one; by status %s%n", HttpFuzz.SEED, CASES, seconds, answered, CASES - answered,
                    HttpFuzz.histogram(outcomes));
            assertThat(bad).as("violations (replay with -Dfuzz.seed=%d)", HttpFuzz.SEED).isEmpty();

            assertThat(Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000).response())
                    .as("the API still serves").startsWith("HTTP/1.1 200 ").contains(ToxiproxyApi.VERSION_BODY);
            assertThat(Hostile.exchange(api, Hostile.request("POST", "/reset", ""), 5_000).status()).isEqualTo(204);
            String after = "{\"name\":\"after-fuzz\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address()
                    + "\"}";
            String proxy = Hostile.exchange(api, Hostile.request("POST", "/proxies", after), 5_000).response();
            assertThat(proxy).as("a proxy created after the fuzz").startsWith("HTTP/1.1 201 ");
            int port = Integer.parseInt(proxy.replaceAll("(?s).*\"listen\":\"[^\"]*:(\\d+)\".*", "$1"));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write("still proxying".getBytes());
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes(14))).as("the proxy still relays").isEqualTo("still proxying");
            }
            await("API connections, threads and fds back to their baseline").atMost(Duration.ofSeconds(15))
                    .pollInSameThread().untilAsserted(() -> {
                        assertThat(server.apiConnections()).as("open API connections").isZero();
                        assertThat(Hostile.threads()).as("threads (baseline %d)", threadsBefore)
                                .isLessThanOrEqualTo(threadsBefore);
                        assertThat(Hostile.fds()).as("fds (baseline %d)", fdsBefore).isLessThanOrEqualTo(fdsBefore);
                    });
            System.out.printf("proxy API fuzz: threads %d -> %d, fds %d -> %d%n", threadsBefore, Hostile.threads(),
                    fdsBefore, Hostile.fds());
        }
    }
}
