package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chaosharness.testing.Hostile;
import io.chaosharness.testing.Hostile.Answer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API's HTTP transport as a Toxiproxy client sees it on the wire (raw sockets, so header spelling shows):
 * canonical header names, xid request ids, the access log, keep-alive, pipelining, chunked bodies and the statuses it
 * answers itself.
 */
class ApiHttpTransportTest {

    private static final Pattern XID = Pattern.compile("X-Toxiproxy-Request-Id: ([0-9a-v]{20})\r\n");

    private ToxiproxyServer server;
    private int api;

    @BeforeEach
    void start() {
        server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).build());
        api = server.apiPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void headerNamesAreWrittenCanonicallyAsToxiproxyWritesThem() {
        Answer version = Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000);
        assertThat(version.response()).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\nContent-Type: application/json;charset=utf-8\r\n")
                .contains("\r\nContent-Length: 22\r\n")
                .containsPattern("\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n")
                .containsPattern("\r\nX-Toxiproxy-Request-Id: [0-9a-v]{20}\r\n")
                .doesNotContain("Content-type").doesNotContain("X-toxiproxy");
        Answer missing = Hostile.exchange(api, Hostile.request("GET", "/proxies/nope", null), 5_000);
        assertThat(missing.response()).startsWith("HTTP/1.1 404 Not Found\r\n")
                .contains("\r\nX-Content-Type-Options: nosniff\r\n")
                .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n");
    }

    @Test
    void requestIdsAreXidsOfThisSecondAndNeverRepeat() {
        Set<String> ids = new HashSet<>();
        long before = Instant.now().getEpochSecond();
        for (int i = 0; i < 200; i++) {
            Matcher m = XID.matcher(Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000).response());
            assertThat(m.find()).as("an xid request id").isTrue();
            ids.add(m.group(1));
        }
        long after = Instant.now().getEpochSecond();
        assertThat(ids).as("distinct ids").hasSize(200);
        String id = ids.iterator().next();
        long seconds = decodeSeconds(id);
        assertThat(seconds).as("the xid's time part (%s)", id).isBetween(before, after);
    }

    @Test
    void xidEncodingIsBase32HexOfTheTwelveBytes() {
        // rs/xid's README example: 9m4e2mr0ui3e8a215n4g is the encoding of these 12 bytes
        byte[] bytes = {0x4d, (byte) 0x88, (byte) 0xe1, 0x5b, 0x60, (byte) 0xf4, (byte) 0x86, (byte) 0xe4, 0x28,
                0x41, 0x2d, (byte) 0xc9};
        assertThat(Xid.encode(bytes)).isEqualTo("9m4e2mr0ui3e8a215n4g");
        assertThat(Xid.next()).matches("[0-9a-v]{20}");
    }

    @Test
    void theAccessLogIsOffByDefaultAndHasToxiproxysFieldsWhenOn() {
        ch.qos.logback.classic.Logger access =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.chaosharness.proxy.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000);
            assertThat(lines.list).as("access log lines with the default config").isEmpty();
            try (ToxiproxyServer logged = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1")
                    .port(0).accessLog(true).build())) {
                Answer a = Hostile.exchange(logged.apiPort(), Hostile.request("GET", "/proxies/x?y=1", null), 5_000);
                Matcher id = XID.matcher(a.response());
                assertThat(id.find()).isTrue();
                assertThat(lines.list).hasSize(1);
                assertThat(lines.list.get(0).getFormattedMessage())
                        .startsWith("request_id=" + id.group(1) + " client=127.0.0.1:")
                        .contains(" method=GET url=/proxies/x?y=1 user_agent=\"hostile-test\" status=404 size=41")
                        .containsPattern(" duration=\\d+\\.\\d{3}$");
            }
        } finally {
            access.detachAppender(lines);
        }
    }

    @Test
    void keepAliveAndPipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", api)) {
            s.setSoTimeout(5_000);
            String one = "GET /version HTTP/1.1\r\nHost: x\r\n\r\n";
            String json = "{\"name\":\"k\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}";
            String created = "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: " + json.length() + "\r\n\r\n"
                    + json;
            String chunked = "POST /proxies/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"ena\r\nc;ext=1\r\nbled\":false}\r\n0\r\n\r\n";
            String last = "DELETE /proxies/k HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write((one + created + chunked + last).getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> statuses = Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(all).results()
                    .map(r -> r.group(1)).toList();
            assertThat(statuses).as(all).containsExactly("200", "201", "200", "204");
            assertThat(all).contains("\"enabled\":false").endsWith("\r\n\r\n");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "GARBAGE                                                  | 400",
            "GET /version HTTP/1.1\\r\\n\\r\\n                         | 400",
            "GET /version HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n            | 505",
            "GET version HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n             | 400",
            "GET /a%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n               | 400",
            "POST /reset HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: x\\r\\n\\r\\n | 400",
            "POST /reset HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501",
            "POST /reset HTTP/1.1\\r\\nHost: x\\r\\nExpect: tea\\r\\n\\r\\n | 417",
            "POST /reset HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999\\r\\n\\r\\n | 413",
            "GET /version HTTP/1.1\\r\\nHost: x\\r\\nBad Name: y\\r\\n\\r\\n | 400"})
    void malformedRequestsGetGosStatusAndAClosedConnection(String request, int status) {
        String raw = request.strip().replace("\\r", "\r").replace("\\n", "\n") + (request.contains("\\n") ? "" : "\r\n\r\n");
        Answer a = Hostile.exchange(api, raw.getBytes(StandardCharsets.ISO_8859_1), 5_000);
        assertThat(a.status()).as(a.response()).isEqualTo(status);
        assertThat(a.response()).contains("\r\nConnection: close\r\n");
        assertThat(Hostile.exchange(api, Hostile.request("GET", "/version", null), 5_000).status()).isEqualTo(200);
    }

    @Test
    void anOversizedHeadIs431() {
        Answer a = Hostile.exchange(api, ("GET /version HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 5_000);
        assertThat(a.status()).as(a.response()).isEqualTo(431);
    }

    @Test
    void chunkedFramingIsBoundedAndTrickledChunksStillArrive() throws Exception {
        // 1-byte chunks cost 6 bytes each: past twice the 1 MiB body limit the framing alone is refused
        StringBuilder framing = new StringBuilder("POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        framing.append("1\r\nx\r\n".repeat(400_000));
        Answer refused = Hostile.exchange(api, framing.toString().getBytes(StandardCharsets.US_ASCII), 10_000);
        assertThat(refused.status()).as(refused.response()).isEqualTo(413);
        try (Socket s = new Socket("127.0.0.1", api)) {
            s.setSoTimeout(5_000);
            s.setTcpNoDelay(true);
            var out = s.getOutputStream();
            out.write("POST /proxies HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String json = "{\"name\":\"t\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}";
            for (char c : json.toCharArray()) {
                out.write(("1\r\n" + c + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 201 ").contains("\"name\":\"t\"");
        }
    }

    private static long decodeSeconds(String xid) {
        String alphabet = "0123456789abcdefghijklmnopqrstuv";
        long bits = 0;
        for (int i = 0; i < 7; i++) { // 35 bits cover the 32-bit time
            bits = (bits << 5) | alphabet.indexOf(xid.charAt(i));
        }
        return bits >>> 3;
    }
}
