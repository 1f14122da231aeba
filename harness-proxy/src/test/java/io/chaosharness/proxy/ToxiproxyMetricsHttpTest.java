package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /metrics} with {@code -proxy-metrics} and {@code -runtime-metrics}, alone and together, over real HTTP. */
class ToxiproxyMetricsHttpTest {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private EchoServer echo;
    private ToxiproxyServer server;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new EchoServer();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        echo.close();
    }

    private Http start(boolean proxyMetrics, boolean runtimeMetrics) {
        server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(3)
                .proxyMetrics(proxyMetrics).runtimeMetrics(runtimeMetrics).build());
        return new Http(server.apiUri());
    }

    private int createProxy(Http http, String name) {
        HttpResponse<String> r = http.post("/proxies",
                "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Matcher m = Pattern.compile("\"listen\":\"127\\.0\\.0\\.1:(\\d+)\"").matcher(r.body());
        assertThat(m.find()).as("listen in %s", r.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Sends {@code bytes} bytes through the proxy and reads the echo back, so both directions carry them. */
    private static void roundTrip(int port, int bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[bytes]);
            InputStream in = s.getInputStream();
            int got = 0;
            while (got < bytes) {
                int n = in.read(new byte[bytes]);
                assertThat(n).as("echo of %s bytes, got %s", bytes, got).isPositive();
                got += n;
            }
        }
    }

    private static double sample(String body, String metric, String direction, String proxy, int port, String upstream) {
        String series = metric + "{direction=\"" + direction + "\",listener=\"127.0.0.1:" + port + "\",proxy=\""
                + proxy + "\",upstream=\"" + upstream + "\"} ";
        for (String line : body.split("\n")) {
            if (line.startsWith(series)) {
                return Double.parseDouble(line.substring(series.length()).trim());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + body);
    }

    @Test
    void withoutEitherFlagThereIsNoMetricsRoute() {
        HttpResponse<String> r = start(false, false).get("/metrics");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 page not found\n");
    }

    @Test
    void proxyMetricsCountTheBytesOfEachDirectionWithToxiproxysLabels() throws Exception {
        Http http = start(true, false);
        int port = createProxy(http, "shopify_http");
        roundTrip(port, 1000);
        roundTrip(port, 500);
        // a byte is counted as sent once its write returned, which may be just after the client read it: poll, bounded
        String[] last = new String[1];
        await("sent and received counters reach 1500 bytes per direction").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    HttpResponse<String> r = http.get("/metrics");
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(Http.contentType(r)).isEqualTo(PROMETHEUS_TEXT);
                    String body = r.body();
                    last[0] = body;
                    assertThat(body).contains("# TYPE toxiproxy_proxy_received_bytes_total counter")
                            .contains("# TYPE toxiproxy_proxy_sent_bytes_total counter");
                    for (String metric : new String[] {"toxiproxy_proxy_received_bytes_total",
                            "toxiproxy_proxy_sent_bytes_total"}) {
                        for (String direction : new String[] {"upstream", "downstream"}) {
                            assertThat(sample(body, metric, direction, "shopify_http", port, echo.address()))
                                    .as("%s %s", metric, direction).isEqualTo(1500.0);
                        }
                    }
                });
        String body = last[0];
        assertThat(body).as("runtime metrics are off").doesNotContain("jvm_");
    }

    @Test
    void sentBytesAreCountedAfterTheToxics() throws Exception {
        Http http = start(true, false);
        int port = createProxy(http, "p");
        http.post("/proxies/p/toxics", "{\"type\":\"limit_data\",\"stream\":\"downstream\",\"attributes\":{\"bytes\":10}}");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(new byte[100]);
            byte[] buffer = new byte[200];
            int got = 0;
            int n;
            while ((n = s.getInputStream().read(buffer)) > 0) {
                got += n;
            }
            assertThat(got).as("limit_data lets 10 bytes of the echo through").isEqualTo(10);
        }
        await("the counters reach what crossed the proxy").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    String body = http.get("/metrics").body();
                    assertThat(sample(body, "toxiproxy_proxy_received_bytes_total", "upstream", "p", port,
                            echo.address())).as("upstream received: all the client sent").isEqualTo(100.0);
                    assertThat(sample(body, "toxiproxy_proxy_sent_bytes_total", "upstream", "p", port,
                            echo.address())).as("upstream sent: no toxic there").isEqualTo(100.0);
                    assertThat(sample(body, "toxiproxy_proxy_sent_bytes_total", "downstream", "p", port,
                            echo.address())).as("downstream sent: what limit_data let through").isEqualTo(10.0);
                });
    }

    @ParameterizedTest(name = "proxy metrics {0}, runtime metrics {1}")
    @CsvSource({"false,true", "true,true"})
    void runtimeMetricsAreTheJvmsInPrometheusClientConventions(boolean proxyMetrics, boolean runtimeMetrics)
            throws Exception {
        Http http = start(proxyMetrics, runtimeMetrics);
        int port = createProxy(http, "p");
        roundTrip(port, 10);
        HttpResponse<String> r = http.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(r)).isEqualTo(PROMETHEUS_TEXT);
        assertThat(r.body()).contains("# TYPE jvm_memory_used_bytes gauge").contains("jvm_threads_current")
                .contains("process_cpu_seconds_total");
        assertThat(r.body().contains("toxiproxy_proxy_sent_bytes_total{")).as("proxy counters iff -proxy-metrics")
                .isEqualTo(proxyMetrics);
    }
}
