package io.chaosharness.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 * echo server (a separate process, {@code ProxyBench echo PORT}, so that the client's sockets and the echo's do not
 * share one descriptor limit), in the same run as direct and, when given, as haproxy in tcp mode: connect plus the
 * first round trip (p50/p99), round trip on an open connection, memory per open connection at 1 000 and
 * {@code BIG_CONNECTIONS} (default 10 000) connections (the server process's RSS) with every connection checked
 * again after all are open, time to apply and remove a toxic on 1 000 live connections, and the accuracy of the
 * latency and bandwidth toxics. Invoked by {@code bench/proxy-bench.sh}; every loop is bounded in count and time.
 *
 * <pre>{@code
 * java -cp benchmarks.jar io.chaosharness.bench.ProxyBench echo 9000 &
 * java -cp benchmarks.jar io.chaosharness.bench.ProxyBench http://127.0.0.1:8474 <proxy-pid> 9000 [<haproxy-port> <haproxy-pid>]
 * }</pre>
 */
public final class ProxyBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private final long pid;
    private final int echoPort;
    private final int haproxyPort;
    private final long haproxyPid;

    private ProxyBench(URI api, long pid, int echoPort, int haproxyPort, long haproxyPid) {
        this.api = api;
        this.pid = pid;
        this.echoPort = echoPort;
        this.haproxyPort = haproxyPort;
        this.haproxyPid = haproxyPid;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("echo")) {
            Echo.serve(Integer.parseInt(args[1]));
            return;
        }
        if (args.length != 3 && args.length != 5) {
            System.err.println("usage: ProxyBench <api-uri> <server-pid> <echo-port> [<haproxy-port> <haproxy-pid>]"
                    + " | ProxyBench echo <port>");
            System.exit(2);
        }
        new ProxyBench(URI.create(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]),
                args.length == 5 ? Integer.parseInt(args[3]) : -1, args.length == 5 ? Long.parseLong(args[4]) : -1).run();
    }

    private void run() throws Exception {
        call("POST", "/reset", "");
        call("DELETE", "/proxies/bench-echo", null);
        String created = call("POST", "/proxies",
                "{\"name\":\"bench-echo\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + echoPort + "\"}");
        int proxyPort = Integer.parseInt(created.replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("direct", echoPort, -1));
        if (haproxyPort > 0) {
            targets.add(new Target("haproxy", haproxyPort, haproxyPid));
        }
        targets.add(new Target("proxy", proxyPort, pid));
        connectAndFirstRoundTrip(targets);
        roundTripOverhead(targets);
        int big = Integer.parseInt(System.getenv().getOrDefault("BIG_CONNECTIONS", "10000"));
        for (Target t : targets) {
            if (t.pid > 0) {
                memoryPerConnection(t, 1000);
                memoryPerConnection(t, big);
            }
        }
        toxicChangesUnderTraffic(proxyPort, 1000);
        latencyAccuracy(proxyPort);
        bandwidthAccuracy(proxyPort);
        call("DELETE", "/proxies/bench-echo", null);
    }

    private record Target(String name, int port, long pid) {
    }

    /** A new connection, one 64-byte round trip, close: what a client that connects per request pays. */
    private void connectAndFirstRoundTrip(List<Target> targets) throws IOException {
        int samples = 3000;
        int warmup = 300;
        long[][] t = new long[targets.size()][samples];
        byte[] msg = new byte[64];
        for (int i = -warmup; i < samples; i++) {
            for (int k = 0; k < targets.size(); k++) { // interleaved, rotating order: drift and load hit all alike
                int j = Math.floorMod(k + i, targets.size());
                long t0 = System.nanoTime();
                try (Socket s = connect(targets.get(j).port)) {
                    s.setSoLinger(true, 0); // no TIME_WAIT pile-up over thousands of connects
                    rtt(s, msg);
                    long d = System.nanoTime() - t0;
                    if (i >= 0) {
                        t[j][i] = d;
                    }
                }
            }
        }
        StringBuilder line = new StringBuilder("connect + first round trip, 64 B (" + samples + " each, interleaved):");
        double[] p50 = new double[targets.size()];
        double[] p99 = new double[targets.size()];
        for (int j = 0; j < targets.size(); j++) {
            Arrays.sort(t[j]);
            p50[j] = t[j][samples / 2] / 1e6;
            p99[j] = t[j][samples * 99 / 100] / 1e6;
            line.append(String.format(Locale.ROOT, " %s p50 %.3f ms p99 %.3f ms;", targets.get(j).name, p50[j], p99[j]));
        }
        for (int j = 1; j < targets.size(); j++) {
            line.append(String.format(Locale.ROOT, " %s over direct: p50 %+.3f ms, p99 %+.3f ms;", targets.get(j).name,
                    p50[j] - p50[0], p99[j] - p99[0]));
        }
        System.out.println(line);
    }

    private void roundTripOverhead(List<Target> targets) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (Target target : targets) {
                sockets.add(connect(target.port));
            }
            byte[] msg = new byte[64];
            for (int i = 0; i < 3000; i++) {
                for (Socket s : sockets) {
                    rtt(s, msg);
                }
            }
            int n = 20_000;
            long[][] t = new long[targets.size()][n];
            for (int block = 0; block < 20; block++) { // interleaved blocks, so drift hits all alike
                for (int j = 0; j < targets.size(); j++) {
                    for (int i = 0; i < 1000; i++) {
                        t[j][block * 1000 + i] = rtt(sockets.get(j), msg);
                    }
                }
            }
            StringBuilder line = new StringBuilder("round trip on an open connection, 64 B, no toxic (" + n + " each):");
            for (int j = 0; j < targets.size(); j++) {
                double m = mean(t[j]);
                Arrays.sort(t[j]);
                line.append(String.format(Locale.ROOT, " %s mean %.1f µs p50 %.1f p99 %.1f;", targets.get(j).name,
                        m / 1e3, t[j][n / 2] / 1e3, t[j][n * 99 / 100] / 1e3));
            }
            System.out.println(line);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /**
     * Opens {@code n} connections through {@code target}, one round trip on each, reads the server's RSS, then a
     * second round trip on every one of them (all still open and relaying), and closes them.
     */
    private void memoryPerConnection(Target target, int n) throws Exception {
        Thread.sleep(1000);
        long before = status(target.pid, "VmRSS");
        long threadsBefore = status(target.pid, "Threads");
        List<Socket> sockets = new ArrayList<>();
        int failed = 0;
        long t0 = System.nanoTime();
        try {
            byte[] msg = new byte[16];
            for (int i = 0; i < n; i++) {
                Socket s = connect(target.port);
                sockets.add(s);
                rtt(s, msg);
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(1000);
            long after = status(target.pid, "VmRSS");
            long threadsAfter = status(target.pid, "Threads");
            for (Socket s : sockets) {
                try {
                    rtt(s, msg);
                } catch (IOException e) {
                    failed++;
                }
            }
            System.out.printf(Locale.ROOT, "memory per open connection, %s, %d connections (opened in %.1f s, RSS %d ->"
                            + " %d KiB): %.1f KiB; threads %d -> %d; still relaying afterwards: %d of %d%n",
                    target.name, n, openSeconds, before, after, (after - before) / (double) n, threadsBefore,
                    threadsAfter, n - failed, n);
        } catch (IOException e) {
            System.out.printf(Locale.ROOT, "memory per open connection, %s, %d connections: FAILED after %d: %s%n",
                    target.name, n, sockets.size(), e);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        Thread.sleep(1000);
    }

    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    /** {@code n} live connections, each making a round trip every 100 ms, while a toxic is applied and removed. */
    private void toxicChangesUnderTraffic(int proxyPort, int n) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong trips = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            for (int i = 0; i < n; i++) {
                Socket s = connect(proxyPort);
                sockets.add(s);
                Thread t = new Thread(null, () -> {
                    byte[] msg = new byte[128];
                    try {
                        while (!stop.get() && System.nanoTime() < deadline) {
                            rtt(s, msg);
                            trips.incrementAndGet();
                            Thread.sleep(100); // steady traffic, not a CPU hog starving the server under test
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed at the end
                    }
                }, "traffic", 128 * 1024);
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
     * An echo server on 127.0.0.1: one selector thread, so that it holds ten thousand connections with one thread;
     * what a socket does not take at once is kept and reading that socket pauses until it went out.
     */
    private static final class Echo {
        static void serve(int port) throws IOException {
            try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
                while (true) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        try {
                            if (key.isAcceptable()) {
                                SocketChannel c;
                                while ((c = server.accept()) != null) {
                                    c.configureBlocking(false);
                                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                                    c.register(selector, SelectionKey.OP_READ);
                                }
                                continue;
                            }
                            SocketChannel c = (SocketChannel) key.channel();
                            ByteBuffer pending = (ByteBuffer) key.attachment();
                            if (pending != null) {
                                c.write(pending);
                                if (!pending.hasRemaining()) {
                                    key.attach(null);
                                    key.interestOps(SelectionKey.OP_READ);
                                }
                                continue;
                            }
                            buffer.clear();
                            int n = c.read(buffer);
                            if (n < 0) {
                                c.close();
                                continue;
                            }
                            buffer.flip();
                            c.write(buffer);
                            if (buffer.hasRemaining()) {
                                key.attach(ByteBuffer.allocate(buffer.remaining()).put(buffer).flip());
                                key.interestOps(SelectionKey.OP_WRITE);
                            }
                        } catch (IOException e) {
                            key.cancel();
                            key.channel().close();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            }
        }
    }
}
