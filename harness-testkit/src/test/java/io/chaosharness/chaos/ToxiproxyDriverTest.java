package io.chaosharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.chaosharness.proxy.ToxiproxyServer;
import io.chaosharness.proxy.ToxiproxyServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The driver against the real embedded Toxiproxy-compatible server: every fault's toxics arrive on the proxy as the
 * Toxiproxy toxic the fault names (type, stream, toxicity, attributes), are removed again, and a failed call leaves
 * nothing applied.
 */
class ToxiproxyDriverTest {

    private static ToxiproxyServer server;
    private static ServerSocket upstream;
    private static ToxiproxyDriver driver;

    @BeforeAll
    static void startProxy() throws IOException {
        server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(7L).build());
        upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        new ToxiproxyClient("127.0.0.1", server.apiPort())
                .createProxy("db", "127.0.0.1:0", "127.0.0.1:" + upstream.getLocalPort());
        driver = new ToxiproxyDriver(server.apiUri(), "db", Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopProxy() throws IOException {
        server.close();
        upstream.close();
    }

    @BeforeEach
    void noToxics() throws IOException {
        assertThat(driver.toxics()).as("toxics before the test").isEmpty();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(new Latency(Duration.ofMillis(150), Duration.ofMillis(30)),
                        List.of(toxic("latency", "latency", "downstream", 1.0, "latency", 150, "jitter", 30))),
                Arguments.of(new Latency(Duration.ofMillis(200), Duration.ZERO, Direction.UPSTREAM, 0.5f),
                        List.of(toxic("latency", "latency", "upstream", 0.5, "latency", 200, "jitter", 0))),
                Arguments.of(new Bandwidth(50),
                        List.of(toxic("bandwidth", "bandwidth", "downstream", 1.0, "rate", 50))),
                Arguments.of(new SlowClose(Duration.ofMillis(300), Direction.UPSTREAM, 0.25f),
                        List.of(toxic("slow-close", "slow_close", "upstream", 0.25, "delay", 300))),
                Arguments.of(Timeout.blackhole(),
                        List.of(toxic("timeout", "timeout", "downstream", 1.0, "timeout", 0))),
                Arguments.of(new Timeout(Duration.ofMillis(2500), Direction.UPSTREAM),
                        List.of(toxic("timeout", "timeout", "upstream", 1.0, "timeout", 2500))),
                Arguments.of(new ResetPeer(Duration.ZERO, Direction.UPSTREAM),
                        List.of(toxic("reset-peer", "reset_peer", "upstream", 1.0, "timeout", 0))),
                Arguments.of(new ResetPeer(Duration.ofMillis(100), Direction.DOWNSTREAM, 0.5f),
                        List.of(toxic("reset-peer", "reset_peer", "downstream", 0.5, "timeout", 100))),
                Arguments.of(new Slicer(64, 32, Duration.ofNanos(200_000), Direction.DOWNSTREAM),
                        List.of(toxic("slicer", "slicer", "downstream", 1.0, "average_size", 64, "size_variation",
                                32, "delay", 200))),
                Arguments.of(new LimitData(12_000, Direction.DOWNSTREAM),
                        List.of(toxic("limit-data", "limit_data", "downstream", 1.0, "bytes", 12_000))),
                Arguments.of(new ConnectionCut(),
                        List.of(toxic("cut-downstream", "bandwidth", "downstream", 1.0, "rate", 0),
                                toxic("cut-upstream", "bandwidth", "upstream", 1.0, "rate", 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachFaultBecomesTheToxicItNamesAndIsRemovedAgain(Fault fault, List<Expected> expected) throws Exception {
        Fault.Removal removal = driver.add("chaos-f1", fault.toxics());
        JsonNode toxics = driver.toxics();
        assertThat(toxics).as("toxics of %s", fault.describe()).hasSize(expected.size());
        for (Expected e : expected) {
            JsonNode t = find(toxics, "chaos-f1-" + e.suffix());
            assertThat(t).as("toxic chaos-f1-%s in %s", e.suffix(), toxics).isNotNull();
            assertThat(t.path("type").asText()).as("type").isEqualTo(e.type());
            assertThat(t.path("stream").asText()).as("stream").isEqualTo(e.stream());
            assertThat(t.path("toxicity").asDouble()).as("toxicity").isEqualTo(e.toxicity());
            Map<String, Long> attributes = new LinkedHashMap<>();
            t.path("attributes").fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asLong()));
            assertThat(attributes).as("attributes of %s", t).isEqualTo(e.attributes());
        }
        removal.remove();
        assertThat(driver.toxics()).as("toxics after removal").isEmpty();
        removal.remove(); // already gone: still removed, no error
    }

    @Test
    void proxyDownDisablesTheProxyAndItsRemovalEnablesItAgain() throws Exception {
        ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.apiPort());
        String listen = client.getProxy("db").getListen();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        driver.setEnabled(false);
        assertThat(client.getProxy("db").isEnabled()).as("enabled while down").isFalse();
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000))
                .as("connect while down").isInstanceOf(IOException.class);
        driver.setEnabled(true);
        assertThat(client.getProxy("db").isEnabled()).as("enabled after removal").isTrue();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            assertThat(s.isConnected()).as("connect after removal").isTrue();
        }
    }

    @Test
    void aRejectedToxicLeavesNothingAppliedAndTheErrorNamesTheCall() throws Exception {
        ToxicSpec first = ToxicSpec.of("first", ToxicType.LATENCY, Direction.DOWNSTREAM,
                Map.of("latency", 10L, "jitter", 0L));
        // the same name twice: the proxy refuses the second (409), so the first must be taken back
        assertThatThrownBy(() -> driver.add("chaos-f2", List.of(first, first)))
                .isInstanceOf(IOException.class).hasMessageContaining("POST /proxies/db/toxics")
                .hasMessageContaining("409");
        assertThat(driver.toxics()).as("toxics after a failed add").isEmpty();
    }

    @Test
    void aToxicSpecNamesTheFieldItRejects() {
        assertThatThrownBy(() -> ToxicSpec.of("x", ToxicType.SLICER, Direction.DOWNSTREAM, Map.of("average_size", 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributes of a slicer toxic")
                .hasMessageContaining("size_variation");
        assertThatThrownBy(() -> ToxicSpec.of("x", ToxicType.BANDWIDTH, Direction.DOWNSTREAM, Map.of("rate", -1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate must not be negative");
        assertThatThrownBy(() -> new ToxicSpec("x", ToxicType.BANDWIDTH, Direction.DOWNSTREAM, 1.5f,
                Map.of("rate", 1L))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toxicity");
        assertThatThrownBy(() -> ToxicSpec.of("Bad Name", ToxicType.BANDWIDTH, Direction.DOWNSTREAM,
                Map.of("rate", 1L))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suffix");
    }

    private static JsonNode find(JsonNode toxics, String name) {
        for (JsonNode t : toxics) {
            if (name.equals(t.path("name").asText())) {
                return t;
            }
        }
        return null;
    }

    record Expected(String suffix, String type, String stream, double toxicity, Map<String, Long> attributes) {
    }

    private static Expected toxic(String suffix, String type, String stream, double toxicity, Object... attributes) {
        Map<String, Long> a = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            a.put((String) attributes[i], ((Number) attributes[i + 1]).longValue());
        }
        return new Expected(suffix, type, stream, toxicity, a);
    }
}
