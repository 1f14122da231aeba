package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random requests (methods, paths, bodies including malformed JSON and bad attribute values): every one gets a
 * valid status and an answer, and afterwards the server still serves the API and still proxies.
 */
class ApiFuzzTest {

    private static final long SEED = 20261127L;
    private static final int REQUESTS = 2000;
    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD");
    private static final List<String> NAMES = List.of("a", "b", "c", "pg:5432", "%20", "x%2Fy", "ü");
    private static final List<String> TYPES = List.of("latency", "bandwidth", "slow_close", "timeout", "reset_peer",
            "slicer", "limit_data", "noop", "down", "", "LATENCY");
    private static final List<String> ATTRIBUTES = List.of("latency", "jitter", "rate", "delay", "timeout",
            "average_size", "size_variation", "bytes", "Latency", "nope");
    private static final Set<Integer> VALID = Set.of(200, 201, 204, 400, 403, 404, 405, 409, 413, 500);

    @Test
    void everyRandomRequestIsAnsweredAndTheServerKeepsServing() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (EchoServer echo = new EchoServer();
             ToxiproxyServer server = ToxiproxyServer.start(
                     ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(SEED).build())) {
            Http http = new Http(server.apiUri());
            for (int i = 0; i < REQUESTS; i++) {
                String method = pick(random, METHODS);
                String path = path(random);
                String body = random.nextInt(10) == 0 ? null : body(random, echo.address());
                HttpResponse<String> r;
                try {
                    r = http.call(method, path, body);
                } catch (RuntimeException e) {
                    throw new AssertionError("request " + i + ": " + method + " " + path + " " + body, e);
                }
                assertThat(r.statusCode()).as("request %d: %s %s %s -> %s", i, method, path, body, r.body())
                        .isIn(VALID);
                if (r.statusCode() == 500) {
                    assertThat(r.body()).as("only listen failures are 500: %s %s %s", method, path, body)
                            .contains("listen tcp");
                }
                if (r.statusCode() >= 400 && r.statusCode() != 405 && !method.equals("HEAD")) {
                    assertThat(r.body()).as("error bodies say what went wrong").isNotEmpty();
                }
            }
            assertThat(http.get("/version").statusCode()).isEqualTo(200);
            int port = ToxicBehaviourTest.createProxy(http, "after-fuzz", echo.address());
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("still proxying".getBytes());
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes(14))).isEqualTo("still proxying");
            }
        }
    }

    private static String path(SplittableRandom r) {
        String name = pick(r, NAMES);
        switch (r.nextInt(10)) {
            case 0: return "/version";
            case 1: return "/proxies";
            case 2: return "/proxies/" + name;
            case 3:
            case 4: return "/proxies/" + name + "/toxics";
            case 5: return "/proxies/" + name + "/toxics/" + pick(r, TYPES) + "_downstream";
            case 6: return "/populate";
            case 7: return r.nextInt(20) == 0 ? "/reset" : "/proxies/" + name + "/toxics/" + pick(r, TYPES) + "_upstream";
            case 8: return "/j" + junk(r, 8).replaceAll("[^a-z/]", "x");
            default: return "/proxies/" + name + "/" + pick(r, List.of("toxics", "x", "", "toxics/"));
        }
    }

    private static String body(SplittableRandom r, String upstream) {
        String name = pick(r, NAMES).replace("%20", " ").replace("%2F", "/");
        switch (r.nextInt(9)) {
            case 0:
                return "{\"name\":\"" + name + "\",\"listen\":\"" + pick(r, List.of("127.0.0.1:0", "nope", "127.0.0.1:99999"))
                        + "\",\"upstream\":\"" + pick(r, List.of(upstream, "127.0.0.1:1", "")) + "\""
                        + (r.nextBoolean() ? ",\"enabled\":" + r.nextBoolean() : "") + "}";
            case 1:
            case 2:
                return toxic(r);
            case 3:
                return "[" + (r.nextBoolean() ? "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                        + upstream + "\"}" : "") + "]";
            case 4:
                String valid = toxic(r);
                return valid.substring(0, r.nextInt(valid.length())); // truncated JSON
            case 5:
                return junk(r, r.nextInt(200));
            case 6:
                return pick(r, List.of("null", "[]", "{}", "\"\"", "1e999", "{\"enabled\":\"yes\"}", "{\"toxicity\":null}",
                        "{\"attributes\":[]}", "{\"enabled\":false}", "{\"enabled\":true}", "{\"upstream\":\"127.0.0.1:1\"}"));
            case 7:
                return "{\"attributes\":{\"" + pick(r, ATTRIBUTES) + "\":" + number(r) + "},\"toxicity\":" + number(r) + "}";
            default:
                return "{\"a\":".repeat(r.nextInt(1, 2000)); // deep nesting
        }
    }

    private static String toxic(SplittableRandom r) {
        StringBuilder attrs = new StringBuilder();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            attrs.append(i == 0 ? "" : ",").append('"').append(pick(r, ATTRIBUTES)).append("\":").append(number(r));
        }
        return "{\"type\":\"" + pick(r, TYPES) + "\",\"stream\":\"" + pick(r, List.of("upstream", "downstream", "DownStream", "x"))
                + "\"" + (r.nextBoolean() ? ",\"name\":\"" + pick(r, TYPES) + "\"" : "")
                + ",\"toxicity\":" + r.nextFloat() + ",\"attributes\":{" + attrs + "}}";
    }

    private static String number(SplittableRandom r) {
        return pick(r, List.of("0", "1", "-1", "100", "1.5", "\"7\"", "null", "true", "9223372036854775807",
                "99999999999999999999", String.valueOf(r.nextInt(1, 50))));
    }

    private static String junk(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) r.nextInt(32, 127));
        }
        return b.toString();
    }

    private static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
