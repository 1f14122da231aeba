package io.chaosharness.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a running Toxiproxy-compatible server (ours via {@code ./harness proxy}, or any other) over real TCP to an
 * in-process echo server: added latency per round trip with no toxic, memory per open connection (the server
 * process's RSS), time to apply and remove a toxic on 200 live connections, and the accuracy of the latency and
 * bandwidth toxics. Invoked by {@code bench/proxy-bench.sh}; every loop is bounded in count and time.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.chaosharness.bench.ProxyBench http://127.0.0.1:8474 <pid>}</pre>
 */
public final class ProxyBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private final long pid;
    private final Echo echo;

    private ProxyBench(URI api, long pid, Echo echo) {
        this.api = api;
        this.pid = pid;
        this.echo = echo;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ProxyBench <api-uri> [server-pid]");
            System.exit(2);
        }
        try (Echo echo = new Echo()) {
            ProxyBench bench = new ProxyBench(URI.create(args[0]), args.length > 1 ? Long.parseLong(args[1]) : -1, echo);
            bench.run();
        }
    }

    private void run() throws Exception {
        call("POST", "/reset", "");
        call("DELETE", "/proxies/bench-echo", null);
        String created = call("POST", "/proxies",
                "{\"name\":\"bench-echo\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + echo.port() + "\"}");
        int proxyPort = Integer.parseInt(created.replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
        roundTripOverhead(proxyPort);
        memoryPerConnection(proxyPort);
        toxicChangesUnderTraffic(proxyPort);
        latencyAccuracy(proxyPort);
        bandwidthAccuracy(proxyPort);
        call("DELETE", "/proxies/bench-echo", null);
    }

    private void roundTripOverhead(int proxyPort) throws IOException {
        try (Socket direct = connect(echo.port()); Socket proxied = connect(proxyPort)) {
            byte[] msg = new byte[64];
            for (int i = 0; i < 3000; i++) {
                rtt(direct, msg);
                rtt(proxied, msg);
            }
            long[] d = new long[20_000];
            long[] p = new long[20_000];
            for (int block = 0; block < 20; block++) { // interleaved blocks, so drift hits both alike
                for (int i = 0; i < 1000; i++) {
                    d[block * 1000 + i] = rtt(direct, msg);
                }
                for (int i = 0; i < 1000; i++) {
                    p[block * 1000 + i] = rtt(proxied, msg);
                }
            }
            Arrays.sort(d);
            Arrays.sort(p);
            System.out.printf(Locale.ROOT, "round trip, 64 B, no toxic (20000 each): direct mean %.1f µs p50 %.1f p99 %.1f;"
                            + " proxied mean %.1f µs p50 %.1f p99 %.1f; added mean %.1f µs, p50 %.1f µs%n",
                    mean(d) / 1e3, d[10_000] / 1e3, d[19_800] / 1e3, mean(p) / 1e3, p[10_000] / 1e3, p[19_800] / 1e3,
                    (mean(p) - mean(d)) / 1e3, (p[10_000] - d[10_000]) / 1e3);
        }
    }

    private void memoryPerConnection(int proxyPort) throws Exception {
        if (pid < 0) {
            System.out.println("memory per connection: skipped (no server pid given)");
            return;
        }
        int n = 1000;
        System.gc();
        Thread.sleep(1000);
        long before = status("VmRSS");
        long threadsBefore = status("Threads");
        List<Socket> sockets = new ArrayList<>();
        try {
            byte[] msg = new byte[16];
            for (int i = 0; i < n; i++) {
                Socket s = connect(proxyPort);
                sockets.add(s);
                rtt(s, msg);
            }
            Thread.sleep(1000);
            long after = status("VmRSS");
            long threadsAfter = status("Threads");
            System.out.printf(Locale.ROOT, "memory per open connection (%d connections, server RSS %d -> %d KiB): %.1f KiB;"
                            + " server threads %d -> %d%n",
                    n, before, after, (after - before) / (double) n, threadsBefore, threadsAfter);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        Thread.sleep(500);
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    private void toxicChangesUnderTraffic(int proxyPort) throws Exception {
        int n = 200;
        List<Socket> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong trips = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            for (int i = 0; i < n; i++) {
                Socket s = connect(proxyPort);
                sockets.add(s);
                Thread t = new Thread(() -> {
                    byte[] msg = new byte[128];
                    try {
                        while (!stop.get() && System.nanoTime() < deadline) {
                            rtt(s, msg);
                            trips.incrementAndGet();
                            Thread.sleep(5); // steady traffic, not a CPU hog starving the server under test
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed at the end
                    }
                }, "traffic");
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Thread.sleep(1000);
            long[] apply = new long[10];
            long[] remove = new long[10];
            long[] removeHeld = new long[10];
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                call("POST", "/proxies/bench-echo/toxics", "{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":20}}");
                apply[i] = System.nanoTime() - t0;
                Thread.sleep(300);
                t0 = System.nanoTime();
                call("DELETE", "/proxies/bench-echo/toxics/lat", null);
                remove[i] = System.nanoTime() - t0;
                call("POST", "/proxies/bench-echo/toxics", "{\"name\":\"cut\",\"type\":\"bandwidth\",\"attributes\":{\"rate\":0}}");
                Thread.sleep(300); // traffic piles up behind the stalled toxic
                t0 = System.nanoTime();
                call("DELETE", "/proxies/bench-echo/toxics/cut", null);
                removeHeld[i] = System.nanoTime() - t0;
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "toxic changes on %d live connections (%d round trips meanwhile): apply latency mean %.1f ms"
                            + " max %.1f ms; remove mean %.1f ms max %.1f ms; remove a stalling bandwidth-0 toxic holding"
                            + " traffic mean %.1f ms max %.1f ms%n",
                    n, trips.get(), mean(apply) / 1e6, max(apply) / 1e6, mean(remove) / 1e6, max(remove) / 1e6,
                    mean(removeHeld) / 1e6, max(removeHeld) / 1e6);
        } finally {
            stop.set(true);
            for (Socket s : sockets) {
                s.close();
            }
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }

    private void latencyAccuracy(int proxyPort) throws IOException, InterruptedException {
        try (Socket s = connect(proxyPort)) {
            byte[] msg = new byte[64];
            for (int i = 0; i < 500; i++) {
                rtt(s, msg);
            }
            long[] base = new long[200];
            for (int i = 0; i < base.length; i++) {
                base[i] = rtt(s, msg);
            }
            call("POST", "/proxies/bench-echo/toxics", "{\"name\":\"lat50\",\"type\":\"latency\",\"attributes\":{\"latency\":50}}");
            long[] slow = new long[100];
            for (int i = 0; i < slow.length; i++) {
                slow[i] = rtt(s, msg);
            }
            call("DELETE", "/proxies/bench-echo/toxics/lat50", null);
            Arrays.sort(slow);
            System.out.printf(Locale.ROOT, "latency accuracy (50 ms downstream, 100 round trips): added mean %.2f ms"
                            + " (min %.2f, max %.2f; target 50±1)%n",
                    (mean(slow) - mean(base)) / 1e6, (slow[0] - mean(base)) / 1e6, (slow[99] - mean(base)) / 1e6);
        }
    }

    private void bandwidthAccuracy(int proxyPort) throws Exception {
        call("POST", "/proxies/bench-echo/toxics", "{\"name\":\"bw\",\"type\":\"bandwidth\",\"attributes\":{\"rate\":100}}");
        try (Socket s = connect(proxyPort)) {
            s.setSoTimeout(30_000);
            byte[] data = new byte[1_000_000];
            long t0 = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(data);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.start();
            byte[] back = s.getInputStream().readNBytes(data.length);
            double seconds = (System.nanoTime() - t0) / 1e9;
            writer.join(5000);
            System.out.printf(Locale.ROOT, "bandwidth accuracy (100 KB/s downstream, %d bytes): %.3f s (target 10 s ±3%%,"
                    + " deviation %+.2f%%)%n", back.length, seconds, (seconds - 10) * 10);
        } finally {
            call("DELETE", "/proxies/bench-echo/toxics/bw", null);
        }
    }

    private static long rtt(Socket s, byte[] msg) throws IOException {
        long t0 = System.nanoTime();
        s.getOutputStream().write(msg);
        InputStream in = s.getInputStream();
        int read = 0;
        while (read < msg.length) {
            int n = in.read(msg, read, msg.length - read);
            if (n < 0) {
                throw new IOException("closed after " + read + " bytes");
            }
            read += n;
        }
        return System.nanoTime() - t0;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        return s;
    }

    private static double mean(long[] v) {
        double sum = 0;
        for (long x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    private static long max(long[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private String call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && !(method.equals("DELETE") && r.statusCode() == 404)) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * A blocking echo server on 127.0.0.1, one thread per connection. Not harness-core's test EchoServer: the backlog
     * (2000), 64 KB buffers and 128 KB thread stacks are sized for the benchmark's connection counts and throughput.
     */
    private static final class Echo implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        Echo() throws IOException {
            server = new ServerSocket(0, 2000, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "echo-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                    Thread t = new Thread(null, () -> echo(s), "echo", 128 * 1024);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void echo(Socket s) {
            byte[] buffer = new byte[65536];
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // peer left
            } finally {
                sockets.remove(s);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
