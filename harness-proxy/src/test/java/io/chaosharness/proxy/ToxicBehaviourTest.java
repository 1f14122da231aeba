package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each toxic does to real TCP traffic through the proxy to an echo server. Timing assertions are lower bounds
 * (the toxic's delay) with generous upper bounds; speed itself is measured by the benchmark, not here.
 */
class ToxicBehaviourTest {

    private ToxiproxyServer server;
    private EchoServer echo;
    private Http http;
    private final List<Socket> clients = new ArrayList<>();
    private int proxyPort;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(42).build());
        echo = new EchoServer();
        http = new Http(server.apiUri());
        proxyPort = createProxy(http, "echo", echo.address());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : clients) {
            s.close();
        }
        server.close();
        echo.close();
    }

    static int createProxy(Http http, String name, String upstream) {
        HttpResponse<String> r = http.post("/proxies",
                "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String body = r.body();
        int i = body.indexOf("\"listen\":\"127.0.0.1:") + "\"listen\":\"127.0.0.1:".length();
        return Integer.parseInt(body.substring(i, body.indexOf('"', i)));
    }

    private void toxic(String json) {
        HttpResponse<String> r = http.post("/proxies/echo/toxics", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        clients.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", proxyPort), 2000);
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends {@code bytes} and reads the same number back; returns the elapsed milliseconds. */
    private static long roundTrip(Socket s, byte[] bytes) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(bytes);
        byte[] back = s.getInputStream().readNBytes(bytes.length);
        assertThat(back).as("echoed bytes").isEqualTo(bytes);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void passesBytesUnchangedWithoutToxics() throws IOException {
        Socket s = connect();
        for (int i = 0; i < 20; i++) {
            roundTrip(s, random(10_000, i));
        }
    }

    /**
     * 8 MB through a reader that starts late: the sockets fill up, the proxy must hold what the destination did not
     * take and pause reading (no toxic), or make the toxic thread wait for room (with a toxic), and lose or reorder
     * nothing, also when a toxic arrives while data is held.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no toxic", "latency toxic", "toxic added while the stream is held"})
    void aSlowReaderPushesBackAndNoByteIsLostOrReordered(String setup) throws Exception {
        if (setup.equals("latency toxic")) {
            toxic("{\"type\":\"latency\",\"stream\":\"downstream\",\"attributes\":{\"latency\":1}}");
        }
        Socket s = connect();
        byte[] data = random(8 * 1024 * 1024, 11);
        Thread writer = new Thread(() -> {
            try {
                s.getOutputStream().write(data);
            } catch (IOException e) {
                // the assertion on the bytes read says what went wrong
            }
        }, "slow-reader-writer");
        writer.setDaemon(true);
        writer.start();
        Thread.sleep(500); // nobody reads: every buffer on the way fills up
        if (setup.startsWith("toxic added")) {
            toxic("{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":1}}");
        }
        byte[] back = s.getInputStream().readNBytes(data.length);
        writer.join(10_000);
        assertThat(back.length).as("bytes echoed back").isEqualTo(data.length);
        assertThat(Arrays.equals(back, data)).as("every byte, in order").isTrue();
    }

    @Test
    void latencyDelaysEveryRoundTripOnTheStreamsThatCarryIt() throws IOException {
        Socket s = connect();
        roundTrip(s, "warm".getBytes());
        toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":200}}");
        assertThat(roundTrip(s, "ping".getBytes())).as("downstream latency on a live connection")
                .isBetween(200L, 5_000L);
        toxic("{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":150,\"jitter\":20}}");
        assertThat(roundTrip(s, "ping".getBytes())).as("upstream and downstream add up").isBetween(330L, 5_000L);
        assertThat(http.delete("/proxies/echo/toxics/latency_downstream").statusCode()).isEqualTo(204);
        assertThat(http.delete("/proxies/echo/toxics/latency_upstream").statusCode()).isEqualTo(204);
        assertThat(roundTrip(s, random(100_000, 1))).as("after removal").isLessThan(5_000L);
    }

    @Test
    void updatingAToxicChangesLiveConnectionsAndMergesAttributes() throws IOException {
        Socket s = connect();
        toxic("{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":100}}");
        assertThat(roundTrip(s, "a".getBytes())).isBetween(100L, 5_000L);
        HttpResponse<String> updated = http.call("PATCH", "/proxies/echo/toxics/lat", "{\"attributes\":{\"latency\":400}}");
        assertThat(updated.body()).contains("\"latency\":400,\"jitter\":0");
        assertThat(roundTrip(s, "b".getBytes())).as("the same connection after the update").isBetween(400L, 5_000L);
        http.post("/proxies/echo/toxics/lat", "{\"toxicity\":0}");
        assertThat(roundTrip(s, "c".getBytes())).as("toxicity 0 redrawn on update").isLessThan(390L);
    }

    @Test
    void toxicityZeroHasNoEffect() throws IOException {
        toxic("{\"type\":\"latency\",\"toxicity\":0,\"attributes\":{\"latency\":3000}}");
        toxic("{\"type\":\"reset_peer\",\"stream\":\"upstream\",\"toxicity\":0}");
        Socket s = connect();
        assertThat(roundTrip(s, "ping".getBytes())).as("inactive 3 s latency").isLessThan(2_500L);
    }

    @Test
    void seededToxicityIsReproducible() throws IOException {
        assertThat(activeLinks(99)).as("same seed, same links affected").isEqualTo(activeLinks(99));
    }

    /** Which of 12 sequential connections a 50 % latency toxic hits, for a given seed. */
    private List<Boolean> activeLinks(long seed) throws IOException {
        try (ToxiproxyServer other = ToxiproxyServer.start(
                ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(seed).build())) {
            Http api = new Http(other.apiUri());
            int port = createProxy(api, "p", echo.address());
            api.post("/proxies/p/toxics", "{\"type\":\"latency\",\"toxicity\":0.5,\"attributes\":{\"latency\":400}}");
            List<Boolean> hit = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(10_000);
                    hit.add(roundTrip(s, "x".getBytes()) >= 400);
                }
            }
            assertThat(hit).as("a 50%% toxicity hits some links and spares others").contains(true, false);
            return hit;
        }
    }

    @Test
    void bandwidthHoldsItsRateRoughly() throws IOException {
        toxic("{\"type\":\"bandwidth\",\"attributes\":{\"rate\":100}}");
        Socket s = connect();
        assertThat(roundTrip(s, random(50_000, 2))).as("50 KB at 100 KB/s").isBetween(400L, 5_000L);
    }

    @Test
    void bandwidthZeroStallsAndDeliversTheHeldDataOnRemoval() throws IOException {
        Socket s = connect();
        toxic("{\"type\":\"bandwidth\",\"attributes\":{\"rate\":0}}");
        s.getOutputStream().write("held".getBytes());
        s.setSoTimeout(500);
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        assertThat(http.delete("/proxies/echo/toxics/bandwidth_downstream").statusCode()).isEqualTo(204);
        s.setSoTimeout(5_000);
        assertThat(s.getInputStream().readNBytes(4)).isEqualTo("held".getBytes());
    }

    @Test
    void timeoutDropsDataAndClosesAfterIdleTime() throws IOException {
        Socket s = connect();
        toxic("{\"type\":\"timeout\",\"stream\":\"upstream\",\"attributes\":{\"timeout\":300}}");
        long start = System.nanoTime();
        s.getOutputStream().write("dropped".getBytes());
        assertThat(s.getInputStream().read()).as("data dropped, then the connection closes").isEqualTo(-1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 8_000L);
    }

    @Test
    void timeoutZeroNeverClosesAndItsRemovalClosesTheConnection() throws IOException {
        Socket s = connect();
        toxic("{\"type\":\"timeout\",\"attributes\":{\"timeout\":0}}");
        s.getOutputStream().write("dropped".getBytes());
        s.setSoTimeout(700);
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        assertThat(http.delete("/proxies/echo/toxics/timeout_downstream").statusCode()).isEqualTo(204);
        s.setSoTimeout(5_000);
        assertThat(s.getInputStream().read()).as("removal closes the affected connection").isEqualTo(-1);
    }

    @Test
    void resetPeerSendsARealReset() throws IOException {
        Socket s = connect();
        roundTrip(s, "idle connections are not reset".getBytes());
        toxic("{\"type\":\"reset_peer\",\"stream\":\"upstream\",\"attributes\":{\"timeout\":100}}");
        s.getOutputStream().write("boom".getBytes());
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class)
                .hasMessageContaining("Connection reset");
    }

    @Test
    void slicerKeepsEveryByteInOrder() throws IOException {
        toxic("{\"type\":\"slicer\",\"attributes\":{\"average_size\":100,\"size_variation\":30,\"delay\":10}}");
        toxic("{\"type\":\"slicer\",\"stream\":\"upstream\",\"attributes\":{\"average_size\":7,\"size_variation\":3}}");
        Socket s = connect();
        for (int i = 0; i < 5; i++) {
            roundTrip(s, random(20_000, i));
        }
    }

    @Test
    void limitDataClosesAfterTheLimit() throws IOException {
        toxic("{\"type\":\"limit_data\",\"attributes\":{\"bytes\":50}}");
        Socket s = connect();
        byte[] sent = random(100, 3);
        s.getOutputStream().write(sent);
        byte[] got = s.getInputStream().readAllBytes();
        assertThat(got).as("exactly the first 50 bytes, then EOF").isEqualTo(Arrays.copyOf(sent, 50));
    }

    @Test
    void slowCloseDelaysTheClose() throws IOException {
        toxic("{\"type\":\"slow_close\",\"attributes\":{\"delay\":300}}");
        Socket s = connect();
        roundTrip(s, "x".getBytes());
        long start = System.nanoTime();
        s.shutdownOutput(); // the echo server closes in turn, and the proxy holds that close for 300 ms
        assertThat(s.getInputStream().read()).isEqualTo(-1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 8_000L);
    }

    @Test
    void disabledProxyRefusesConnectionsAndClosesExistingOnes() throws IOException {
        Socket s = connect();
        roundTrip(s, "x".getBytes());
        assertThat(http.post("/proxies/echo", "{\"enabled\":false}").statusCode()).isEqualTo(200);
        assertThat(readEnds(s)).as("existing connection closed").isTrue();
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        assertThat(http.post("/proxies/echo", "{\"enabled\":true}").statusCode()).isEqualTo(200);
        roundTrip(connect(), "same address again".getBytes());
    }

    private static boolean readEnds(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketException e) {
            return true; // closed is closed, FIN or RST
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void anUpstreamGivenByNameIsLookedUpAndRelayed() throws IOException {
        int named = createProxy(http, "named", "localhost:" + echo.port());
        for (int i = 0; i < 3; i++) { // the first dial looks the name up, the next ones reuse the answer
            try (Socket s = new Socket("127.0.0.1", named)) {
                s.setSoTimeout(5_000);
                roundTrip(s, random(1000, i));
            }
        }
    }

    @Test
    void anUpstreamNameThatDoesNotResolveAcceptsThenCloses() throws IOException {
        int lost = createProxy(http, "lost", "no-such-host.invalid:5432");
        try (Socket s = new Socket("127.0.0.1", lost)) {
            s.setSoTimeout(10_000);
            assertThat(readEnds(s)).as("connect succeeds, then EOF, as for an upstream that is down").isTrue();
        }
        try (Socket s = connect()) {
            roundTrip(s, random(100, 1)); // and the other proxies keep relaying
        }
    }

    @Test
    void upstreamDownAcceptsThenCloses() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int dead = createProxy(http, "dead", "127.0.0.1:" + port);
        try (Socket s = new Socket("127.0.0.1", dead)) {
            s.setSoTimeout(5_000);
            assertThat(readEnds(s)).as("connect succeeds, then EOF (#265)").isTrue();
        }
    }

    @Test
    void removalUnderTrafficReturnsPromptly() throws Exception {
        Socket s = connect();
        toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":20000}}");
        toxic("{\"type\":\"bandwidth\",\"stream\":\"upstream\",\"attributes\":{\"rate\":0}}");
        s.getOutputStream().write(random(200_000, 5));
        Thread.sleep(200); // let the chunks reach the stalled stages
        long start = System.nanoTime();
        assertThat(http.delete("/proxies/echo/toxics/bandwidth_upstream").statusCode()).isEqualTo(204);
        assertThat(http.delete("/proxies/echo/toxics/latency_downstream").statusCode()).isEqualTo(204);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("two deletes under traffic")
                .isLessThan(5_000L);
        assertThat(s.getInputStream().readNBytes(200_000)).as("held data delivered").isEqualTo(random(200_000, 5));
    }

    @Test
    void proxyDeleteClosesConnections() throws IOException {
        Socket s = connect();
        roundTrip(s, "x".getBytes());
        assertThat(http.delete("/proxies/echo").statusCode()).isEqualTo(204);
        await("connection closed after delete").atMost(Duration.ofSeconds(5)).until(() -> readEnds(s));
    }
}
