package io.chaosharness.cli;

import io.chaosharness.proxy.ToxiproxyServer;
import io.chaosharness.proxy.ToxiproxyServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./harness proxy}: the embedded Toxiproxy-compatible server as a standalone process, with
 * {@code toxiproxy-server}'s flags. Runs until interrupted (Ctrl-C), then stops the API, every proxy and every
 * connection.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs the embedded Toxiproxy-compatible fault proxy (Toxiproxy 2.12 HTTP API) until Ctrl-C.",
                "Flags follow toxiproxy-server: -host, -port, -config, -seed, -proxy-metrics, -runtime-metrics."})
public final class ProxyCommand implements Callable<Integer> {

    @Option(names = {"-host", "--host"}, defaultValue = "localhost", paramLabel = "HOST",
            description = "Host for the API to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-port", "--port"}, defaultValue = "8474", paramLabel = "PORT",
            description = "Port for the API to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-config", "--config"}, paramLabel = "FILE",
            description = "JSON array of proxies to create at start, in /populate format.")
    Path config;

    @Option(names = {"-seed", "--seed"}, paramLabel = "N",
            description = "Seed for jitter, toxicity and slicing; the same seed replays the same choices "
                    + "(default: a fresh seed, printed at start).")
    Long seed;

    @Option(names = {"-proxy-metrics", "--proxy-metrics"},
            description = "Serve the proxies' byte counters on /metrics (Prometheus text format).")
    boolean proxyMetrics;

    @Option(names = {"-runtime-metrics", "--runtime-metrics"},
            description = "Serve the JVM's metrics on /metrics (Prometheus Java client's jvm_* and process_*).")
    boolean runtimeMetrics;

    @Option(names = {"-access-log", "--access-log"},
            description = "Log every API request to stdout (request id, client, method, url, user agent, status, "
                    + "size, duration in ms), as Toxiproxy's access log does at LOG_LEVEL=debug. Off by default.")
    boolean accessLog;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ToxiproxyServerConfig serverConfig;
        ToxiproxyServer server;
        try {
            serverConfig = ToxiproxyServerConfig.custom().host(host).port(port).seed(seed).configFile(config)
                    .accessLog(accessLog).proxyMetrics(proxyMetrics).runtimeMetrics(runtimeMetrics).build();
            server = ToxiproxyServer.start(serverConfig);
        } catch (RuntimeException e) {
            err.println("harness proxy: " + e.getMessage());
            err.flush();
            return HarnessCommand.EXIT_USAGE;
        }
        // On Ctrl-C/SIGTERM the JVM exits once its hooks return, so the hook waits (bounded) for the clean shutdown below.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "harness-proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("harness proxy: Toxiproxy API listening on " + server.apiUri() + " (seed " + server.seed()
                + "); Ctrl-C to stop");
        if (proxyMetrics || runtimeMetrics) {
            out.println("harness proxy: Prometheus metrics on " + server.apiUri() + "/metrics ("
                    + (proxyMetrics ? "proxy" : "") + (proxyMetrics && runtimeMetrics ? " and " : "")
                    + (runtimeMetrics ? "runtime" : "") + ")");
        }
        out.flush();
        try {
            stop.await();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is what woke us
            }
            out.println("harness proxy: stopped");
            out.flush();
            stopped.countDown();
        }
        return HarnessCommand.EXIT_PASS;
    }

    /** Stops a running {@link #call()} as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }
}
