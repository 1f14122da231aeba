package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every call of the real toxiproxy-java client (the one Testcontainers users have) against the embedded server. */
class ToxiproxyJavaClientTest {

    private ToxiproxyServer server;
    private EchoServer echo;
    private ToxiproxyClient client;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(1).build());
        echo = new EchoServer();
        client = new ToxiproxyClient("127.0.0.1", server.apiPort());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    @Test
    void versionIsReadAsText() throws IOException {
        assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    }

    @Test
    void proxyLifecycle() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        assertThat(proxy.getName()).isEqualTo("db");
        assertThat(proxy.getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
        assertThat(proxy.getUpstream()).isEqualTo(echo.address());
        assertThat(proxy.isEnabled()).isTrue();
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("db");
        assertThat(client.getProxy("db").getListen()).isEqualTo(proxy.getListen());
        assertThat(client.getProxyOrNull("nope")).isNull();

        proxy.disable();
        assertThat(client.getProxy("db").isEnabled()).isFalse();
        proxy.enable();
        assertThat(client.getProxy("db").isEnabled()).isTrue();
        proxy.setUpstream("127.0.0.1:1");
        assertThat(client.getProxy("db").getUpstream()).isEqualTo("127.0.0.1:1");
        proxy.setListen("127.0.0.1:0");
        assertThat(client.getProxy("db").getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
        proxy.delete();
        assertThat(client.getProxies()).isEmpty();
    }

    @Test
    void errorsBecomeIOExceptionsWithToxiproxysMessages() throws IOException {
        client.createProxy("db", "127.0.0.1:0", echo.address());
        assertThatThrownBy(() -> client.createProxy("db", "127.0.0.1:0", echo.address()))
                .isInstanceOf(IOException.class).hasMessageContaining("proxy already exists");
        assertThatThrownBy(() -> client.getProxy("nope")).isInstanceOf(IOException.class);
        Proxy proxy = client.getProxy("db");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        assertThatThrownBy(() -> proxy.toxics().latency("lat", ToxicDirection.UPSTREAM, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("toxic already exists");
        assertThatThrownBy(() -> proxy.toxics().get("nope")).isInstanceOf(IOException.class);
    }

    @Test
    void everyToxicTypeRoundTrips() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        Latency latency = proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 100).setJitter(5);
        Bandwidth bandwidth = proxy.toxics().bandwidth("bandwidth", ToxicDirection.UPSTREAM, 1000);
        SlowClose slowClose = proxy.toxics().slowClose("slow_close", ToxicDirection.DOWNSTREAM, 10);
        Timeout timeout = proxy.toxics().timeout("timeout", ToxicDirection.UPSTREAM, 0);
        ResetPeer resetPeer = proxy.toxics().resetPeer("reset_peer", ToxicDirection.UPSTREAM, 20);
        Slicer slicer = proxy.toxics().slicer("slicer", ToxicDirection.DOWNSTREAM, 10, 5).setSizeVariation(2);
        LimitData limitData = proxy.toxics().limitData("limit_data", ToxicDirection.DOWNSTREAM, 1000);
        for (Toxic t : List.of(latency, bandwidth, slowClose, timeout, resetPeer, slicer, limitData)) {
            t.setToxicity(0f);
        }

        List<? extends Toxic> all = proxy.toxics().getAll();
        assertThat(all).extracting(Toxic::getName).as("upstream first, then downstream")
                .containsExactly("bandwidth", "timeout", "reset_peer", "latency", "slow_close", "slicer", "limit_data");
        assertThat(all).allSatisfy(t -> assertThat(t.getToxicity()).isZero());
        Latency readLatency = proxy.toxics().get("latency", Latency.class);
        assertThat(readLatency.getLatency()).isEqualTo(100);
        assertThat(readLatency.getJitter()).isEqualTo(5);
        Slicer readSlicer = proxy.toxics().get("slicer", Slicer.class);
        assertThat(readSlicer.getAverageSize()).isEqualTo(10);
        assertThat(readSlicer.getSizeVariation()).isEqualTo(2);
        assertThat(readSlicer.getDelay()).isEqualTo(5);
        assertThat(proxy.toxics().get("bandwidth", Bandwidth.class).getRate()).isEqualTo(1000);
        assertThat(proxy.toxics().get("limit_data", LimitData.class).getBytes()).isEqualTo(1000);
        assertThat(proxy.toxics().get("reset_peer", ResetPeer.class).getTimeout()).isEqualTo(20);
        assertThat(proxy.toxics().get("slow_close", SlowClose.class).getDelay()).isEqualTo(10);
        assertThat(proxy.toxics().get("timeout").getStream()).isEqualTo(ToxicDirection.UPSTREAM);

        latency.remove();
        assertThat(proxy.toxics().getAll()).extracting(Toxic::getName).doesNotContain("latency");
    }

    @Test
    void resetRemovesToxicsAndEnablesProxies() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        proxy.disable();
        client.reset();
        Proxy after = client.getProxy("db");
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.toxics().getAll()).isEmpty();
    }
}
