package io.chaosharness.blackbox.run;

import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.EventRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Probes the application's health endpoint at planned times, one every {@code interval} (open model: a probe is sent
 * at its time whatever the previous one is doing, and its latency counts from that time), and records each as an
 * {@link AvailabilityCheckEvent}: {@code available} when the status is one of the healthy statuses, the latency, and
 * {@code "GET /health -> 503"} as the message. Bounded: at most {@code duration / interval + 1} probes, each abandoned
 * after {@code timeout} (recorded as unavailable, with the timeout as its latency).
 */
final class HealthProbe implements AutoCloseable {

    private final URI url;
    private final String label;
    private final Set<Integer> healthy;
    private final Duration interval;
    private final Duration timeout;
    private final EventRecorder recorder;
    private final HttpClient http;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private Thread thread;

    HealthProbe(URI url, String label, Set<Integer> healthy, Duration interval, Duration timeout,
                EventRecorder recorder) {
        this.url = url;
        this.label = label;
        this.healthy = Set.copyOf(healthy);
        this.interval = interval;
        this.timeout = timeout;
        this.recorder = recorder;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Starts probing now, for at most {@code duration}. */
    void start(Duration duration) {
        long count = duration.toNanos() / interval.toNanos() + 1;
        long origin = System.nanoTime();
        thread = new Thread(() -> {
            for (long i = 0; i < count && !stopped; i++) {
                long planned = origin + i * interval.toNanos();
                long wait;
                while ((wait = planned - System.nanoTime()) > 0 && !stopped) {
                    LockSupport.parkNanos(wait);
                }
                if (!stopped) {
                    send(planned);
                }
            }
        }, "health-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void send(long plannedNanos) {
        HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(timeout).build();
        CompletableFuture<HttpResponse<Void>> f = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        inFlight.add(f);
        f.whenComplete((response, failure) -> {
            inFlight.remove(f);
            double ms = (System.nanoTime() - plannedNanos) / 1e6;
            if (response != null) {
                boolean up = healthy.contains(response.statusCode());
                recorder.record(at -> new AvailabilityCheckEvent(at, 1, up, ms, label + " -> " + response.statusCode()));
            } else {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                String why = cause instanceof HttpTimeoutException ? "TIMEOUT after " + timeout.toMillis() + " ms"
                        : cause instanceof ConnectException ? "CONNECT (refused)" : cause.getClass().getSimpleName();
                recorder.record(at -> new AvailabilityCheckEvent(at, 1, false, ms, label + " -> " + why));
            }
        });
    }

    /** Stops sending and waits (bounded by the probe timeout) for the probes in flight to end. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        long deadline = System.nanoTime() + timeout.plusSeconds(1).toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (CompletableFuture<?> f : inFlight) {
            f.cancel(true);
        }
    }
}
