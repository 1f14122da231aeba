package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToxiproxyServerConfigTest {

    @Test
    void defaultsAreToxiproxys() {
        ToxiproxyServerConfig c = ToxiproxyServerConfig.ofDefaults();
        assertThat(c.host()).isEqualTo("localhost");
        assertThat(c.port()).isEqualTo(8474);
        assertThat(c.seed()).isEmpty();
        assertThat(c.configFile()).isEmpty();
        assertThat(c.readTimeout()).as("Go http.Server ReadTimeout in Toxiproxy").hasSeconds(15);
        assertThat(c.writeTimeout()).as("WriteTimeout").hasSeconds(30);
        assertThat(c.idleTimeout()).as("IdleTimeout").hasSeconds(60);
        assertThat(c.maxConnections()).isEqualTo(1024);
        assertThat(c.accessLog()).as("access log off by default").isFalse();
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> ToxiproxyServerConfig.custom().port(70000)).hasMessageContaining("port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> ToxiproxyServerConfig.custom().host(" ")).hasMessageContaining("host");
        assertThatThrownBy(() -> ToxiproxyServerConfig.custom().maxBodyBytes(10)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> ToxiproxyServerConfig.custom().readTimeout(java.time.Duration.ZERO))
                .hasMessageContaining("readTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> ToxiproxyServerConfig.custom().writeTimeout(java.time.Duration.ofHours(2)))
                .hasMessageContaining("writeTimeout").hasMessageContaining("PT2H");
        assertThatThrownBy(() -> ToxiproxyServerConfig.custom().idleTimeout(null)).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> ToxiproxyServerConfig.custom().maxConnections(0))
                .hasMessageContaining("maxConnections").hasMessageContaining("0");
    }

    @Test
    void fromCopiesEverySetting() {
        ToxiproxyServerConfig base = ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(9)
                .readTimeout(java.time.Duration.ofSeconds(3)).writeTimeout(java.time.Duration.ofSeconds(4))
                .idleTimeout(java.time.Duration.ofSeconds(5)).maxConnections(77).accessLog(true).build();
        ToxiproxyServerConfig copy = ToxiproxyServerConfig.from(base).build();
        assertThat(copy.toString()).isEqualTo(base.toString());
    }

    @Test
    void configFileCreatesProxiesAtStartAndTheSeedIsKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("proxies.json");
        Files.writeString(file, "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},"
                + "{\"name\":\"b\",\"upstream\":\"127.0.0.1:1\",\"listen\":\"127.0.0.1:0\",\"enabled\":false}]");
        try (ToxiproxyServer server = ToxiproxyServer.start(
                ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(11).configFile(file).build())) {
            assertThat(server.seed()).isEqualTo(11);
            assertThat(server.apiUri().toString()).isEqualTo("http://127.0.0.1:" + server.apiPort());
            String proxies = new Http(server.apiUri()).get("/proxies").body();
            assertThat(proxies).contains("\"a\":{\"name\":\"a\"").contains("\"enabled\":false");
        }
    }

    @Test
    void badConfigFilesFailNamingTheProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "[{\"name\":\"a\"}]");
        ToxiproxyServerConfig config = ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).configFile(file).build();
        assertThatThrownBy(() -> ToxiproxyServer.start(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing required field: upstream at proxy 1");
        ToxiproxyServerConfig missing = ToxiproxyServerConfig.from(config).configFile(dir.resolve("nope.json")).build();
        assertThatThrownBy(() -> ToxiproxyServer.start(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.json");
    }

    @Test
    void busyApiPortIsAClearError() {
        try (ToxiproxyServer first = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).build())) {
            assertThatThrownBy(() -> ToxiproxyServer.start(
                    ToxiproxyServerConfig.custom().host("127.0.0.1").port(first.apiPort()).build()))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot listen");
        }
    }
}
