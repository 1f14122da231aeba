package io.chaosharness.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Hostile HTTP/1.1 requests for fuzzing a server over real loopback sockets: random bytes, truncated and oversized
 * request lines, headers and bodies, invalid UTF-8, deeply nested and huge-number JSON, wrong methods and versions,
 * absurd {@code Content-Length} and broken chunked bodies. Cases come from one seed, so a failure replays with
 * {@code -Dfuzz.seed=<seed>}.
 */
public final class HttpFuzz {

    /** The seed: {@code -Dfuzz.seed}, else a fixed default (CI runs are reproducible; vary it by hand). */
    public static final long SEED = Long.getLong("fuzz.seed", 20261201L);

    /** One hostile request. {@code complete}: a well-formed request that must get a status, not just a close. */
    public record Case(int index, String kind, byte[] bytes, boolean complete, boolean halfClose) {
        public String describe() {
            String text = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1);
            StringBuilder b = new StringBuilder();
            for (char c : text.toCharArray()) {
                b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : c == '\r' ? "\\r" : c == '\n' ? "\\n"
                        : String.format("\\x%02x", (int) c));
            }
            return "case " + index + " (" + kind + ", " + bytes.length + " bytes, seed " + SEED + "): " + b
                    + (bytes.length > 160 ? "..." : "");
        }
    }

    /** What the server did: the first status (-1 when it closed without one) and the time to close. */
    public record Outcome(Case c, int status, String response, long millis, String failure) {
    }

    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS",
            "TRACE", "CONNECT", "get", "PRI", "G\u00c9T", "BREW", "", "GET\tX");
    private static final List<String> VERSIONS = List.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.2",
            "HTTP/1", "HTTP/1.1 extra", "http/1.1", "", "HTTP/9.9");
    private static final List<String> LENGTHS = List.of("99999999999999999999", "-1", "abc", "1, 2", " 5",
            "9223372036854775807", "9223372036854775808", "1000000000", "0x10", "+3", "");

    private final SplittableRandom random;
    private final List<String> paths;

    private HttpFuzz(long seed, List<String> paths) {
        this.random = new SplittableRandom(seed);
        this.paths = paths;
    }

    /** {@code count} cases against {@code paths} (the server's real routes, so parsers and handlers both get hit). */
    public static List<Case> cases(int count, List<String> paths) {
        HttpFuzz f = new HttpFuzz(SEED, paths);
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(f.next(i));
        }
        return cases;
    }

    private Case next(int i) {
        String path = paths.get(random.nextInt(paths.size()));
        switch (random.nextInt(16)) {
            case 0: {
                byte[] junk = new byte[random.nextInt(1, 3000)];
                random.nextBytes(junk);
                return new Case(i, "random bytes", random.nextBoolean() ? concat(junk, crlf2()) : junk, false,
                        random.nextBoolean());
            }
            case 1: {
                byte[] whole = request("POST", path, "HTTP/1.1", List.of(), json());
                int cut = random.nextInt(1, whole.length);
                return new Case(i, "truncated at " + cut, slice(whole, cut), false, random.nextBoolean());
            }
            case 2:
                return complete(i, "oversized request line", request("GET", path + "?" + "a".repeat(random.nextInt(
                        9_000, 200_000)), "HTTP/1.1", List.of(), null));
            case 3:
                return complete(i, "oversized header", request("GET", path, "HTTP/1.1",
                        List.of("X-Big: " + "b".repeat(random.nextInt(9_000, 200_000))), null));
            case 4: {
                List<String> many = new ArrayList<>();
                int n = random.nextInt(200, 5_000);
                for (int k = 0; k < n; k++) {
                    many.add("X-H" + k + ": " + k);
                }
                return complete(i, n + " headers", request("GET", path, "HTTP/1.1", many, null));
            }
            case 5:
                return complete(i, "invalid UTF-8 body", request("POST", path, "HTTP/1.1",
                        List.of("Content-Type: application/json"), concat("{\"name\":\"".getBytes(StandardCharsets.UTF_8),
                                new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe, (byte) 0xed, (byte) 0xa0,
                                        (byte) 0x80}, "\",\"email\":\"\u00ff\",\"password\":\"x\"}"
                                        .getBytes(StandardCharsets.ISO_8859_1))));
            case 6: {
                byte[] head = (path + "/\u00ff%C3%28").getBytes(StandardCharsets.ISO_8859_1);
                return new Case(i, "invalid UTF-8 in path and header", concat(concat("GET ".getBytes(), head),
                        (" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Name: \u00c3\u0028\u00ff\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1)), true, false);
            }
            case 7: {
                int depth = random.nextInt(1_000, 200_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                return complete(i, "JSON nested " + depth, request("POST", path, "HTTP/1.1",
                        List.of("Content-Type: application/json"), open.repeat(depth).getBytes()));
            }
            case 8: {
                String number = random.nextBoolean() ? "9".repeat(random.nextInt(20, 200_000))
                        : "1e" + "9".repeat(random.nextInt(3, 10));
                return complete(i, "huge number", request("POST", path, "HTTP/1.1",
                        List.of("Content-Type: application/json"), ("{\"email\":" + number + ",\"password\":" + number
                                + ",\"attributes\":{\"latency\":" + number + "},\"toxicity\":" + number + "}")
                                .getBytes()));
            }
            case 9: {
                String method = METHODS.get(random.nextInt(METHODS.size()));
                return new Case(i, "method " + method, request(method, path, "HTTP/1.1", List.of(),
                        random.nextBoolean() ? json() : null), false, true);
            }
            case 10: {
                String version = VERSIONS.get(random.nextInt(VERSIONS.size()));
                return new Case(i, "version " + version, request("GET", path, version, List.of(), null), false, true);
            }
            case 11: {
                String length = LENGTHS.get(random.nextInt(LENGTHS.size()));
                return new Case(i, "Content-Length " + length, raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\nContent-Length: " + length + "\r\n\r\n{}"), false, random.nextBoolean());
            }
            case 12: {
                String chunks = List.of("zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n0\r\n\r\n", "ffffffffff\r\n{}",
                        "2\r\n{}XX0\r\n\r\n", "-1\r\n\r\n", "2;ext=1\r\n{}\r\n0\r\nTrailer: x\r\n\r\n")
                        .get(random.nextInt(6));
                String te = List.of("chunked", "gzip", "chunked, chunked", "identity").get(random.nextInt(4));
                return new Case(i, "Transfer-Encoding " + te, raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\nTransfer-Encoding: " + te + "\r\n\r\n" + chunks), false, true);
            }
            case 13:
                return new Case(i, "no Host", raw("GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n"), true,
                        false);
            case 14: {
                byte[] body = json();
                return new Case(i, "body shorter than Content-Length", raw("POST " + path + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + (body.length + random.nextInt(1,
                        1000)) + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1)), false, random.nextBoolean());
            }
            default: {
                String header = List.of("Bad Header: x", ": empty", "X-Ctl: a\u0001b", " folded: x", "X:\u007f",
                        "Content-Length: 2\r\nContent-Length: 3", "Expect: 100-continue", "Expect: teapot",
                        "Host: a\r\nHost: b").get(random.nextInt(9));
                return new Case(i, "header '" + header.replace("\r\n", "|") + "'", request("POST", path, "HTTP/1.1",
                        List.of(header), json()), false, true);
            }
        }
    }

    private Case complete(int i, String kind, byte[] bytes) {
        return new Case(i, kind, bytes, true, false);
    }

    private byte[] json() {
        return List.of("{\"name\":\"f\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}",
                "{\"email\":\"a@b.c\",\"password\":\"pw\"}", "{\"type\":\"latency\",\"attributes\":{\"latency\":1}}",
                "[]", "{}", "null", "{\"enabled\":false}").get(random.nextInt(7)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] request(String method, String path, String version, List<String> headers, byte[] body) {
        StringBuilder b = new StringBuilder();
        b.append(method).append(' ').append(path).append(' ').append(version).append("\r\nHost: 127.0.0.1\r\n")
                .append("User-Agent: fuzz\r\nConnection: close\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        if (body != null) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        return body == null ? head : concat(head, body);
    }

    private static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] crlf2() {
        return raw("\r\n\r\n");
    }

    private static byte[] slice(byte[] b, int n) {
        byte[] out = new byte[n];
        System.arraycopy(b, 0, out, 0, n);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * Runs {@code cases} against 127.0.0.1:{@code port} on {@code clients} threads. Each case gets its own
     * connection; the outcome records the first status line (or -1 if the server closed without one) and fails when
     * the server neither answered nor closed within {@code closeWithinMs}.
     */
    public static List<Outcome> run(int port, List<Case> cases, int clients, int closeWithinMs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Case c : cases) {
                futures.add(pool.submit(() -> exchange(port, c, closeWithinMs)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(closeWithinMs + 30_000L, TimeUnit.MILLISECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static Outcome exchange(int port, Case c, int closeWithinMs) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(closeWithinMs);
            OutputStream out = s.getOutputStream();
            try {
                out.write(c.bytes());
                out.flush();
                if (c.halfClose()) {
                    s.shutdownOutput();
                }
            } catch (SocketException e) {
                // the server answered and closed before taking everything: read what it said
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (got.size() < 64 * 1024) {
                        got.write(buf, 0, n);
                    }
                }
            } catch (SocketTimeoutException e) {
                return new Outcome(c, status(got), got.toString(StandardCharsets.ISO_8859_1),
                        (System.nanoTime() - start) / 1_000_000, "connection neither closed nor answered-and-closed"
                        + " within " + closeWithinMs + " ms");
            } catch (SocketException e) {
                // reset after (or instead of) the answer
            }
            return new Outcome(c, status(got), got.toString(StandardCharsets.ISO_8859_1),
                    (System.nanoTime() - start) / 1_000_000, null);
        } catch (IOException e) {
            return new Outcome(c, -1, "", (System.nanoTime() - start) / 1_000_000, "I/O failure: " + e);
        }
    }

    private static int status(ByteArrayOutputStream got) {
        String text = got.toString(StandardCharsets.ISO_8859_1);
        if (text.startsWith("HTTP/1.1 ") && text.length() >= 12) {
            try {
                return Integer.parseInt(text.substring(9, 12));
            } catch (NumberFormatException e) {
                return -2;
            }
        }
        return text.isEmpty() ? -1 : -2;
    }

    /** Status to count ({@code -1}: closed without an answer), in status order, for the test's log. */
    public static java.util.Map<Integer, Long> histogram(List<Outcome> outcomes) {
        java.util.Map<Integer, Long> counts = new java.util.TreeMap<>();
        for (Outcome o : outcomes) {
            counts.merge(o.status(), 1L, Long::sum);
        }
        return counts;
    }

    /** Failures of {@code outcomes} against the documented statuses: unanswered complete requests, other statuses. */
    public static List<String> violations(List<Outcome> outcomes, Set<Integer> documented) {
        List<String> bad = new ArrayList<>();
        for (Outcome o : outcomes) {
            String why = o.failure();
            if (why == null && o.status() == -2) {
                why = "answer is not an HTTP/1.1 status line";
            } else if (why == null && o.status() == -1 && o.c().complete()) {
                why = "closed without an answer to a complete request";
            } else if (why == null && o.status() >= 0 && !documented.contains(o.status())) {
                why = "undocumented status " + o.status();
            }
            if (why != null) {
                String first = o.response().lines().findFirst().orElse("");
                bad.add(why + " after " + o.millis() + " ms, got '" + first + "': " + o.c().describe());
            }
        }
        return bad;
    }
}
