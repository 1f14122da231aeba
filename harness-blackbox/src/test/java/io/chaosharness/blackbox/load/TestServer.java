package io.chaosharness.blackbox.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's), with a gate: while it is closed, {@code /stall} requests wait for it
 * (at most 10 s), like an application whose database stopped answering.
 * <ul>
 *   <li>{@code /ok}, {@code /health}: 200 {@code {"ok":true}}</li>
 *   <li>{@code /fallback}: 200 {@code {"session":"emergency-admin"}}</li>
 *   <li>{@code /metrics}: Prometheus text with pool gauges and a retry counter</li>
 *   <li>{@code /stall}: 200 once the gate is open</li>
 *   <li>{@code /slow}: 200 after 1.5 s</li>
 *   <li>anything else: 404</li>
 * </ul>
 */
final class TestServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(200);
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
    final AtomicInteger heldWhileClosed = new AtomicInteger();
    final AtomicInteger received = new AtomicInteger();

    TestServer() throws IOException {
        // the JDK server's header and body writes would otherwise wait for the client's delayed ACK (~40 ms each)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void closeGate() {
        gate.set(new CountDownLatch(1));
    }

    void openGate() {
        gate.get().countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        received.incrementAndGet();
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/", "/ok", "/health" -> reply(ex, 200, "{\"ok\":true}");
                case "/fallback" -> reply(ex, 200, "{\"session\":\"emergency-admin\"}");
                case "/metrics" -> reply(ex, 200, "# TYPE pool_active gauge\npool_active{pool=\"app\"} 3\n"
                        + "pool_idle{pool=\"app\"} 9\npool_max 15\napp_retries_total 7\n");
                case "/stall" -> {
                    CountDownLatch g = gate.get();
                    if (g.getCount() > 0) {
                        heldWhileClosed.incrementAndGet();
                        g.await(10, TimeUnit.SECONDS);
                    }
                    reply(ex, 200, "{\"ok\":true}");
                }
                case "/slow" -> {
                    Thread.sleep(1500);
                    reply(ex, 200, "{\"ok\":true}");
                }
                default -> reply(ex, 404, "{\"error\":\"not found\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // a timed-out request's connection closed by the client
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        openGate();
        server.stop(0);
        threads.shutdownNow();
    }
}
