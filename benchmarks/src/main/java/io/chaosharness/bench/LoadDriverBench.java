package io.chaosharness.bench;

import io.chaosharness.blackbox.load.LoadDriver;
import io.chaosharness.blackbox.load.LoadResult;
import io.chaosharness.blackbox.load.RequestOutcome;
import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.core.Percentiles;
import io.chaosharness.core.event.EventRecorder;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * The load the open-model generator ({@link LoadDriver}) sustains, against a trivial HTTP server in another process
 * ({@code LoadDriverBench serve PORT}: Jetty, through Javalin, answering {@code /ok} at once and {@code /delay20} after
 * 20 ms). Steps of rising planned rates, each {@code STEP_SECONDS} (default 10 s) with 50 users; for each: the rate
 * achieved (answers per second), errors, latency from the planned time (p50/p99/max), and the generator's send lag
 * (how late it sent a request: p50/p99), plus the generator JVM's CPU time. Then the latency accuracy: at
 * {@code ACCURACY_RATE} (default 100 req/s) against {@code /delay20}, the measured latency minus the server's 20 ms is the generator's own overhead. Invoked by
 * {@code bench/load-driver-bench.sh}; every step is bounded by the driver (duration + request timeout + 2 s).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.chaosharness.bench.LoadDriverBench serve 18080 &
 * java -cp benchmarks/target/benchmarks.jar io.chaosharness.bench.LoadDriverBench http://127.0.0.1:18080 500,1000,2000
 * }</pre>
 */
public final class LoadDriverBench {

    private LoadDriverBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]));
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: LoadDriverBench serve PORT | LoadDriverBench BASE_URL [RATES]");
            System.exit(2);
        }
        String base = args[0];
        String rates = args.length > 1 ? args[1] : "100,200,500,1000,2000";
        int seconds = Integer.getInteger("STEP_SECONDS", Integer.parseInt(System.getenv().getOrDefault("STEP_SECONDS",
                "10")));
        int users = 50;
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %7s %9s %9s %9s %9s %9s %8s%n", "step", "planned/s",
                "achieved", "errors", "p50 ms", "p99 ms", "max ms", "lag p50", "lag p99", "cpu %");
        run(base, "/ok", 50, 10, users, "warm-up 50/s"); // JIT and connections, on both sides
        for (String r : rates.split(",")) {
            int rate = Integer.parseInt(r.strip());
            run(base, "/ok", rate, seconds, users, "/ok " + rate + "/s");
        }
        int accuracyRate = Integer.parseInt(System.getenv().getOrDefault("ACCURACY_RATE", "100"));
        run(base, "/delay20", accuracyRate, seconds, users, "/delay20 " + accuracyRate + "/s");
    }

    private static void run(String base, String path, int rate, int seconds, int users, String label)
            throws Exception {
        long thinkNanos = Math.round(users * 1e9 / rate);
        AppSpec spec = AppSpec.parse("bench.yaml", "name: bench\nbaseUrl: " + base + "\njourneys:\n"
                + "  - {name: bench, steps: [{name: get, path: " + path + "}]}\n");
        LoadSettings load = new LoadSettings(users, Duration.ofNanos(thinkNanos), Duration.ofSeconds(seconds),
                Duration.ofSeconds(5));
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        LoadResult result = LoadDriver.builder(spec).load(load).recorder(EventRecorder.systemUtc()).seed(1)
                .probeHealth(false).build().run();
        double wallS = (System.nanoTime() - wall0) / 1e9;
        double cpuPct = (cpuNanos() - cpu0) / 1e9 / wallS * 100;
        var req = result.requests();
        double[] lat = req.stream().mapToDouble(RequestOutcome::latencyMs).toArray();
        double[] lag = req.stream().mapToDouble(RequestOutcome::sendLagMs).toArray();
        long ok = req.stream().filter(RequestOutcome::success).count();
        System.out.printf(Locale.ROOT, "%-22s %9.0f %9.0f %7d %9.2f %9.2f %9.1f %9.3f %9.3f %8.0f%n", label,
                load.plannedRatePerSecond(), ok / (double) seconds, result.errors(), Percentiles.of(lat, 50),
                Percentiles.of(lat, 99), Percentiles.of(lat, 100), Percentiles.of(lag, 50), Percentiles.of(lag, 99),
                cpuPct);
        if (result.errors() > 0) {
            System.out.println("    errors: " + req.stream().filter(o -> !o.success()).collect(
                    java.util.stream.Collectors.groupingBy(o -> o.errorClass() + (o.status() > 0 ? " " + o.status() : ""),
                            java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void serve(int port) {
        // Jetty through Javalin, the server the reference service runs on.
        org.eclipse.jetty.util.thread.QueuedThreadPool threads = new org.eclipse.jetty.util.thread.QueuedThreadPool(
                200, 8);
        threads.setDaemon(true);
        io.javalin.Javalin app = io.javalin.Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jetty.threadPool = threads;
        });
        app.get("/ok", ctx -> ctx.contentType("application/json").result("{\"ok\":true}"));
        app.get("/delay20", ctx -> {
            Thread.sleep(20);
            ctx.contentType("application/json").result("{\"ok\":true}");
        });
        app.start("127.0.0.1", port);
        System.err.println("LoadDriverBench server (Jetty) on 127.0.0.1:" + port);
    }
}
