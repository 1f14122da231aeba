package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Conformance of the HTTP API with Toxiproxy 2.12, through raw HTTP: statuses, bodies, content types. */
class ToxiproxyApiHttpTest {

    private static final String ERROR_TYPE = "text/plain; charset=utf-8";
    private ToxiproxyServer server;
    private EchoServer echo;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(7).build());
        echo = new EchoServer();
        http = new Http(server.apiUri());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    private String createProxy(String name) {
        HttpResponse<String> r = http.post("/proxies",
                "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body();
    }

    private static void assertError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.body()).as("error body").isEqualTo("{\"error\":\"" + message + "\",\"status\":" + status + "}\n");
        assertThat(Http.contentType(r)).as("error content type").isEqualTo(ERROR_TYPE);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void versionIsExactlyToxiproxys() {
        HttpResponse<String> r = http.get("/version");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
        assertThat(Http.contentType(r)).isEqualTo("application/json;charset=utf-8");
    }

    @Test
    void createdProxyRewritesPortZeroAndRendersFieldsInOrder() {
        String body = createProxy("t");
        assertThat(body).matches("\\{\"name\":\"t\",\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\",\"upstream\":\""
                + echo.address().replace(".", "\\.") + "\",\"enabled\":true,\"toxics\":\\[\\]}");
        HttpResponse<String> list = http.get("/proxies");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(list)).isEqualTo("application/json");
        assertThat(list.body()).startsWith("{\"t\":{\"name\":\"t\"");
        assertThat(http.get("/proxies/t").body()).isEqualTo(body);
    }

    @Test
    void emptyProxyListIsAnEmptyObject() {
        assertThat(http.get("/proxies").body()).isEqualTo("{}");
    }

    @Test
    void proxyCreatedDisabledKeepsListenAsSent() {
        HttpResponse<String> r = http.post("/proxies",
                "{\"name\":\"d\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo(
                "{\"name\":\"d\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false,\"toxics\":[]}");
    }

    @Test
    void toxicIsCreatedWith200AndEveryAttribute() {
        createProxy("t");
        HttpResponse<String> r = http.post("/proxies/t/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":1000,\"jitter\":10}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(r)).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo("{\"attributes\":{\"latency\":1000,\"jitter\":10},\"name\":\"latency_downstream\","
                + "\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}");
        HttpResponse<String> merged = http.post("/proxies/t/toxics/latency_downstream", "{\"attributes\":{\"latency\":50}}");
        assertThat(merged.statusCode()).isEqualTo(200);
        assertThat(merged.body()).as("attributes are merged, jitter stays")
                .startsWith("{\"attributes\":{\"latency\":50,\"jitter\":10}");
        HttpResponse<String> patched = http.call("PATCH", "/proxies/t/toxics/latency_downstream", "{\"toxicity\":0.5}");
        assertThat(patched.body()).isEqualTo("{\"attributes\":{\"latency\":50,\"jitter\":10},\"name\":\"latency_downstream\","
                + "\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":0.5}");
    }

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of("latency", "{\"latency\":0,\"jitter\":0}"),
                Arguments.of("bandwidth", "{\"rate\":0}"),
                Arguments.of("slow_close", "{\"delay\":0}"),
                Arguments.of("timeout", "{\"timeout\":0}"),
                Arguments.of("reset_peer", "{\"timeout\":0}"),
                Arguments.of("limit_data", "{\"bytes\":0}"),
                Arguments.of("noop", "{}"));
    }

    @ParameterizedTest(name = "{0} without attributes renders {1}")
    @MethodSource("everyType")
    void missingAttributesAreZeroValuesAndAllRendered(String type, String attributes) {
        createProxy("t");
        HttpResponse<String> r = http.post("/proxies/t/toxics", "{\"type\":\"" + type + "\",\"stream\":\"UpStream\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"attributes\":" + attributes + ",\"name\":\"" + type + "_UpStream\",\"type\":\""
                + type + "\",\"stream\":\"UpStream\",\"toxicity\":1}");
    }

    @Test
    void slicerRendersAllThreeAttributes() {
        createProxy("t");
        HttpResponse<String> r = http.post("/proxies/t/toxics",
                "{\"type\":\"slicer\",\"toxicity\":0,\"attributes\":{\"average_size\":10}}");
        assertThat(r.body()).isEqualTo("{\"attributes\":{\"average_size\":10,\"size_variation\":0,\"delay\":0},"
                + "\"name\":\"slicer_downstream\",\"type\":\"slicer\",\"stream\":\"downstream\",\"toxicity\":0}");
    }

    @Test
    void toxicsListUpstreamFirstThenDownstream() {
        createProxy("t");
        http.post("/proxies/t/toxics", "{\"name\":\"d1\",\"type\":\"noop\"}");
        http.post("/proxies/t/toxics", "{\"name\":\"u1\",\"type\":\"noop\",\"stream\":\"upstream\"}");
        http.post("/proxies/t/toxics", "{\"name\":\"d2\",\"type\":\"noop\"}");
        assertThat(http.get("/proxies/t/toxics").body()).matches("\\[.*\"u1\".*\"d1\".*\"d2\".*]");
        assertThat(http.get("/proxies/t").body()).contains("\"toxics\":[{\"attributes\":{},\"name\":\"u1\"");
        assertThat(http.get("/proxies/t/toxics/d2").body()).contains("\"name\":\"d2\"");
        assertThat(http.delete("/proxies/t/toxics/d2").statusCode()).isEqualTo(204);
        assertThat(http.get("/proxies/t/toxics/d2").statusCode()).isEqualTo(404);
    }

    @Test
    void emptyToxicListIsAnEmptyArray() {
        createProxy("t");
        assertThat(http.get("/proxies/t/toxics").body()).isEqualTo("[]");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
            "POST|/proxies|{\"name\":\"t\",\"upstream\":\"127.0.0.1:1\"}|409|proxy already exists",
            "POST|/proxies|{\"upstream\":\"127.0.0.1:1\"}|400|missing required field: name",
            "POST|/proxies|{\"name\":\"x\"}|400|missing required field: upstream",
            "POST|/proxies|{\"name\":|400|",
            "POST|/proxies||400|bad request body: EOF",
            "GET|/proxies/nope||404|proxy not found",
            "POST|/proxies/nope|{\"enabled\":false}|404|proxy not found",
            "DELETE|/proxies/nope||404|proxy not found",
            "GET|/proxies/nope/toxics||404|proxy not found",
            "POST|/proxies/nope/toxics|{\"type\":\"latency\"}|404|proxy not found",
            "GET|/proxies/t/toxics/nope||404|toxic not found",
            "POST|/proxies/t/toxics/nope|{\"toxicity\":1}|404|toxic not found",
            "DELETE|/proxies/t/toxics/nope||404|toxic not found",
            "POST|/proxies/t/toxics|{\"type\":\"down\"}|400|invalid toxic type",
            "POST|/proxies/t/toxics|{\"type\":\"nope\"}|400|invalid toxic type",
            "POST|/proxies/t/toxics|{}|400|invalid toxic type",
            "POST|/proxies/t/toxics|{\"type\":\"latency\",\"stream\":\"sideways\"}|400|stream was invalid, can be either upstream or downstream",
            "POST|/proxies/t/toxics|{\"type\":\"latency\",\"stream\":\"\"}|400|stream was invalid, can be either upstream or downstream",
            "POST|/proxies/t/toxics|{\"type\":\"noop\",\"name\":\"existing\",\"stream\":\"upstream\"}|409|toxic already exists",
            "POST|/proxies/t/toxics|{\"type\":\"bandwidth\",\"attributes\":{\"rate\":-1}}|400|bad request body: attributes: rate must be at least 0, but was -1",
            "POST|/proxies/t/toxics|{\"type\":\"slicer\",\"attributes\":{\"average_size\":0}}|400|bad request body: attributes: average_size must be at least 1, but was 0",
            "POST|/proxies/t/toxics|{\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}|400|",
            "POST|/proxies/t/toxics|{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}}|400|",
            "POST|/proxies/t/toxics|{\"type\":\"latency\",\"toxicity\":\"all\"}|400|bad request body: toxicity must be a number, but was \"all\"",
            "POST|/proxies/t/toxics/existing|not json|400|",
            "POST|/proxies/t/toxics/existing|{\"toxicity\":[]}|400|bad request body: toxicity must be a number, but was []",
            "POST|/populate|{}|400|",
            "POST|/populate|[{\"name\":\"a\",\"upstream\":\"x:1\"},{\"name\":\"b\"}]|400|missing required field: upstream at proxy 2",
    })
    void errorsHaveToxiproxysStatusAndBody(String method, String path, String body, int status, String message) {
        createProxy("t");
        http.post("/proxies/t/toxics", "{\"type\":\"noop\",\"name\":\"existing\"}");
        HttpResponse<String> r = http.call(method, path, body == null ? "" : body);
        if (path.equals("/populate")) {
            assertThat(r.statusCode()).isEqualTo(status);
            assertThat(Http.contentType(r)).isEqualTo("application/json");
            assertThat(r.body()).startsWith("{\"error\":\"" + (message == null ? "bad request body" : message))
                    .endsWith(",\"status\":" + status + ",\"proxies\":null}");
            return;
        }
        if (message == null) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
            assertThat(r.body()).startsWith("{\"error\":\"bad request body: ").endsWith(",\"status\":" + status + "}\n");
            assertThat(Http.contentType(r)).isEqualTo(ERROR_TYPE);
        } else {
            assertError(r, status, message.replace("\"", "\\\""));
        }
    }

    @ParameterizedTest(name = "{0} {1} -> 404 text")
    @CsvSource({"GET,/", "GET,/nope", "GET,/proxies/", "GET,/proxies/t/toxics/x/y", "POST,/proxies/t/nope", "GET,/metrics"})
    void unknownPathsGet404Text(String method, String path) {
        createProxy("t");
        HttpResponse<String> r = http.call(method, path, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 page not found\n");
        assertThat(Http.contentType(r)).isEqualTo(ERROR_TYPE);
    }

    @ParameterizedTest(name = "{0} {1} -> 405")
    @CsvSource({"DELETE,/version", "POST,/version", "GET,/reset", "PUT,/proxies", "GET,/populate", "PUT,/proxies/t",
            "DELETE,/proxies/t/toxics", "PUT,/proxies/t/toxics/x"})
    void wrongMethodsGet405(String method, String path) {
        createProxy("t");
        assertThat(http.call(method, path, null).statusCode()).isEqualTo(405);
    }

    @Test
    void browsersAreRefused() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(server.apiUri().resolve("/version"))
                .header("User-Agent", "Mozilla/5.0 (X11)").build();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("User agent not allowed\n");
        assertThat(Http.contentType(r)).isEqualTo(ERROR_TYPE);
    }

    @Test
    void hugeBodiesGetAnErrorAndTheServerKeepsServing() {
        String huge = "[" + "1,".repeat(2_000_000) + "1]";
        HttpResponse<String> r = http.post("/proxies", huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("request body larger than");
        assertThat(http.get("/version").statusCode()).isEqualTo(200);
    }

    @Test
    void deleteProxyAnswers204AndClosesItsListener() throws Exception {
        createProxy("t");
        int port = port("t");
        assertThat(http.delete("/proxies/t").statusCode()).isEqualTo(204);
        assertThat(http.get("/proxies/t").statusCode()).isEqualTo(404);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 2000))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void updateKeepsFieldsLeftOutAndRebindsTheSameAddress() {
        createProxy("t");
        String listen = listen("t");
        HttpResponse<String> off = http.call("PATCH", "/proxies/t", "{\"enabled\":false,\"name\":\"ignored\"}");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("\"name\":\"t\"").contains("\"enabled\":false").contains(listen);
        HttpResponse<String> on = http.post("/proxies/t", "{\"enabled\":true}");
        assertThat(on.body()).contains("\"enabled\":true").contains("\"listen\":\"" + listen + "\"");
        HttpResponse<String> moved = http.post("/proxies/t", "{\"upstream\":\"127.0.0.1:1\"}");
        assertThat(moved.body()).contains("\"upstream\":\"127.0.0.1:1\"").contains("\"enabled\":true");
    }

    @Test
    void listenFailureIs500() {
        createProxy("t");
        HttpResponse<String> r = http.post("/proxies",
                "{\"name\":\"clash\",\"listen\":\"" + listen("t") + "\",\"upstream\":\"127.0.0.1:1\"}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).startsWith("{\"error\":\"listen tcp " + listen("t") + ": ").endsWith("\"status\":500}\n");
        assertThat(http.get("/proxies/clash").statusCode()).isEqualTo(404);
    }

    @Test
    void bindErrorIsInGosWordingWithTheResolvedAddress() {
        createProxy("t");
        HttpResponse<String> r = http.post("/proxies",
                "{\"name\":\"clash\",\"listen\":\"localhost:" + port("t") + "\",\"upstream\":\"127.0.0.1:1\"}");
        assertError(r, 500, "listen tcp 127.0.0.1:" + port("t") + ": bind: address already in use");
    }

    @Test
    void populateWithTheSameAddressSpelledDifferentlyKeepsTheProxyToxicsAndConnections() throws IOException {
        createProxy("a");
        http.post("/proxies/a/toxics", "{\"name\":\"slow\",\"type\":\"latency\",\"attributes\":{\"latency\":1}}");
        String stored = listen("a");
        try (Socket live = new Socket()) {
            live.connect(new InetSocketAddress("127.0.0.1", port("a")), 2_000);
            live.setSoTimeout(5_000);
            HttpResponse<String> again = http.post("/populate", "[{\"name\":\"a\",\"listen\":\"localhost:" + port("a")
                    + "\",\"upstream\":\"" + echo.address() + "\"}]");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
            assertThat(again.body()).as("kept proxy keeps its toxic").contains("\"name\":\"slow\"");
            assertThat(listen("a")).as("listen as stored, not as sent").isEqualTo(stored);
            live.getOutputStream().write('x');
            assertThat(live.getInputStream().read()).as("the connection opened before /populate still relays")
                    .isEqualTo('x');
        }
    }

    @Test
    void populateCreatesKeepsAndReplaces() {
        HttpResponse<String> first = http.post("/populate",
                "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"},"
                        + "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\",\"enabled\":false}]");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(Http.contentType(first)).isEqualTo("application/json");
        assertThat(first.body()).startsWith("{\"proxies\":[{\"name\":\"a\"").contains("\"enabled\":false");
        http.post("/proxies/a/toxics", "{\"type\":\"noop\"}");
        String sameA = "{\"name\":\"a\",\"listen\":\"" + listen("a") + "\",\"upstream\":\"" + echo.address() + "\"}";
        HttpResponse<String> again = http.post("/populate", "[" + sameA + "]");
        assertThat(again.body()).as("unchanged proxy keeps its toxics").contains("noop_downstream");
        HttpResponse<String> replaced = http.post("/populate",
                "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}]");
        assertThat(replaced.body()).as("replaced proxy loses its toxics").contains("\"toxics\":[]");
        assertThat(http.post("/populate", "[]").body()).isEqualTo("{\"proxies\":null}");
    }

    @Test
    void resetRemovesToxicsAndEnablesProxies() {
        createProxy("t");
        http.post("/proxies/t/toxics", "{\"type\":\"latency\"}");
        http.post("/proxies/t", "{\"enabled\":false}");
        HttpResponse<String> r = http.post("/reset", "");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(http.get("/proxies/t").body()).contains("\"enabled\":true").contains("\"toxics\":[]");
    }

    private String listen(String proxy) {
        String body = http.get("/proxies/" + proxy).body();
        int i = body.indexOf("\"listen\":\"") + 10;
        return body.substring(i, body.indexOf('"', i));
    }

    private int port(String proxy) {
        String l = listen(proxy);
        return Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
    }
}
