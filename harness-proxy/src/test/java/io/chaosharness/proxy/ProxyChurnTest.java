package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chaosharness.testing.Hostile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection churn on the data plane: 10 000 connect/disconnect cycles through a proxy, half without toxics and half
 * with latency, slicer and limit_data on, closed in every way a client closes (after the echo, at once without
 * sending, with a reset, half-closed), leave the JVM's thread and file-descriptor counts at their baseline.
 */
class ProxyChurnTest {

    private static final long SEED = Long.getLong("churn.seed", 20261201L);
    private static final int CYCLES_PER_PHASE = 5_000;
    private static final int CLIENTS = 4;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void tenThousandConnectDisconnectCyclesLeaveThreadsAndFdsAtTheirBaseline() throws Exception {
        try (EchoServer echo = new EchoServer();
             ToxiproxyServer server = ToxiproxyServer.start(
                     ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(SEED).build())) {
            int api = server.apiPort(); // raw requests: java.net.http's worker threads would come and go
            Hostile.Answer created = Hostile.exchange(api, Hostile.request("POST", "/proxies", "{\"name\":\"churn\","
                    + "\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}"), 5_000);
            assertThat(created.status()).as(created.response()).isEqualTo(201);
            int port = Integer.parseInt(created.response().replaceAll("(?s).*\"listen\":\"[^\"]*:(\\d+)\".*", "$1"));
            churn(port, 200, SEED - 1); // warm-up: threads the JDK and the proxy start once
            Duration settle = Duration.ofSeconds(30);
            await("warm-up settled").atMost(settle).pollInSameThread().until(() -> Hostile.threads() < 64);
            int threadsBefore = Hostile.threads();
            int fdsBefore = Hostile.fds();

            long start = System.nanoTime();
            int plainEchoes = churn(port, CYCLES_PER_PHASE, SEED);
            for (String toxic : List.of(
                    "{\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\"attributes\":{\"latency\":1}}",
                    "{\"name\":\"sl\",\"type\":\"slicer\",\"stream\":\"upstream\",\"attributes\":{\"average_size\":2,"
                            + "\"size_variation\":1,\"delay\":0}}",
                    "{\"name\":\"lim\",\"type\":\"limit_data\",\"stream\":\"downstream\",\"attributes\":{\"bytes\":100000}}")) {
                Hostile.Answer r = Hostile.exchange(api, Hostile.request("POST", "/proxies/churn/toxics", toxic), 5_000);
                assertThat(r.status()).as(r.response()).isEqualTo(200);
            }
            int toxicEchoes = churn(port, CYCLES_PER_PHASE, SEED + 1);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(Hostile.exchange(api, Hostile.request("POST", "/reset", ""), 5_000).status()).isEqualTo(204);

            System.out.printf("churn (seed %d): %d cycles in %.1f s; echoed %d without toxics, %d with toxics%n",
                    SEED, 2 * CYCLES_PER_PHASE, seconds, plainEchoes, toxicEchoes);
            // the toxic phase's pooled threads end once idle for their keep-alive: wait that long and some more
            await("threads and fds back to their baseline (%d threads, %d fds)".formatted(threadsBefore, fdsBefore))
                    .atMost(settle.plus(DataPlane.TOXIC_THREAD_KEEP_ALIVE)).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                    .untilAsserted(() -> {
                        assertThat(Hostile.threads()).as("threads (baseline %d): %s", threadsBefore,
                                Hostile.threadNames()).isLessThanOrEqualTo(threadsBefore);
                        assertThat(Hostile.fds()).as("fds (baseline %d)", fdsBefore).isLessThanOrEqualTo(fdsBefore);
                    });
            System.out.printf("churn: threads %d -> %d, fds %d -> %d%n", threadsBefore, Hostile.threads(), fdsBefore,
                    Hostile.fds());
            assertThat(plainEchoes + toxicEchoes).as("cycles that waited for their echo got it")
                    .isEqualTo(expectedEchoes(CYCLES_PER_PHASE, SEED) + expectedEchoes(CYCLES_PER_PHASE, SEED + 1));
        }
    }

    /** Runs {@code cycles} connect/disconnect cycles on {@link #CLIENTS} threads; returns how many echoes arrived. */
    private static int churn(int port, int cycles, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger echoed = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                SplittableRandom random = new SplittableRandom(seed + c);
                int mine = cycles / CLIENTS + (c < cycles % CLIENTS ? 1 : 0);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < mine; i++) {
                        if (cycle(port, random.nextInt(4), i)) {
                            echoed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return echoed.get();
    }

    /** How many cycles of {@link #churn} wait for an echo (style 0 and 3). */
    private static int expectedEchoes(int cycles, long seed) {
        int n = 0;
        for (int c = 0; c < CLIENTS; c++) {
            SplittableRandom random = new SplittableRandom(seed + c);
            int mine = cycles / CLIENTS + (c < cycles % CLIENTS ? 1 : 0);
            for (int i = 0; i < mine; i++) {
                int style = random.nextInt(4);
                n += style == 0 || style == 3 ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * One cycle. Style 0: send, read the echo, close. 1: connect and close at once. 2: send and reset (SO_LINGER 0)
     * without reading. 3: send, half-close, read the echo to the end.
     */
    private static boolean cycle(int port, int style, int i) throws IOException {
        byte[] message = ("churn " + i + "\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            switch (style) {
                case 0: {
                    s.getOutputStream().write(message);
                    return new String(s.getInputStream().readNBytes(message.length), StandardCharsets.US_ASCII)
                            .equals(new String(message, StandardCharsets.US_ASCII));
                }
                case 1:
                    return false;
                case 2:
                    s.getOutputStream().write(message);
                    s.setSoLinger(true, 0);
                    return false;
                default: {
                    s.getOutputStream().write(message);
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    byte[] got = in.readNBytes(message.length);
                    return java.util.Arrays.equals(got, message);
                }
            }
        }
    }
}
