package io.chaosharness.cli;

import io.chaosharness.blackbox.run.BlackBoxRunner;
import io.chaosharness.blackbox.run.RequestRecord;
import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.FallbackRecogniser;
import io.chaosharness.blackbox.spec.Journey;
import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.blackbox.spec.RenderContext;
import io.chaosharness.blackbox.spec.Step;
import io.chaosharness.blackbox.spec.Template;
import io.chaosharness.core.Seeds;
import io.chaosharness.scenario.Cancellation;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The spec's journeys as open-model traffic: user {@code u} of {@code n} plans its {@code k}-th request at
 * {@code u/n × thinkTime + k × thinkTime} (first requests spread over one think time) whatever the application does
 * with the earlier ones, sends it at that time, and its latency counts from that time; a request still unanswered
 * {@code requestTimeout} after its planned time is abandoned as {@code TIMEOUT}. Users are shared out over the journeys
 * by weight and walk their journey's steps round and round. Bounded: {@code plannedRequests()} requests, each bounded
 * by the request timeout.
 */
final class SpecTraffic implements BlackBoxRunner.Traffic {

    private final AppSpec spec;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    SpecTraffic(AppSpec spec, Map<String, String> environment) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void run(LoadSettings load, long seed, Consumer<RequestRecord> sink, Cancellation cancellation)
            throws InterruptedException {
        int users = load.users();
        List<Journey> assignment = assign(spec.journeys(), users);
        List<RenderContext> contexts = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            contexts.add(context(u, Seeds.forComponent(seed, "user/" + u)));
        }
        long think = load.thinkTime().toNanos();
        long perUser = (load.duration().toNanos() + think - 1) / think;
        Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
        long origin = System.nanoTime();
        for (long k = 0; k < perUser && !cancellation.isCancelled(); k++) {
            for (int u = 0; u < users && !cancellation.isCancelled(); u++) {
                long planned = origin + k * think + think * u / users;
                long wait;
                while ((wait = planned - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
                Journey j = assignment.get(u);
                Step step = j.steps().get((int) (k % j.steps().size()));
                send(j.name() + "/" + step.name(), step, contexts.get(u), planned, load.requestTimeout(), sink,
                        inFlight);
            }
        }
        long deadline = System.nanoTime() + load.requestTimeout().plusSeconds(1).toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        inFlight.forEach(f -> f.cancel(true));
    }

    private void send(String operation, Step step, RenderContext ctx, long planned, Duration timeout,
                      Consumer<RequestRecord> sink, Set<CompletableFuture<?>> inFlight) {
        HttpRequest request;
        try {
            long left = timeout.toNanos() - (System.nanoTime() - planned);
            HttpRequest.Builder b = HttpRequest.newBuilder(spec.resolve(step.path().render(ctx)))
                    .timeout(Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), left)));
            boolean contentType = false;
            for (Map.Entry<String, Template> h : step.headers().entrySet()) {
                b.header(h.getKey(), h.getValue().render(ctx));
                contentType |= h.getKey().equalsIgnoreCase("content-type");
            }
            if (step.body().isPresent()) {
                if (!contentType && step.body().get().isJson()) {
                    b.header("Content-Type", "application/json");
                }
                b.method(step.method(), HttpRequest.BodyPublishers.ofString(step.body().get().render(ctx)));
            } else {
                b.method(step.method(), HttpRequest.BodyPublishers.noBody());
            }
            request = b.build();
        } catch (RuntimeException e) {
            sink.accept(new RequestRecord(operation, 0, false, "REQUEST " + e.getClass().getSimpleName(), false,
                    null));
            return;
        }
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        inFlight.add(f);
        f.whenComplete((response, failure) -> {
            inFlight.remove(f);
            double ms = (System.nanoTime() - planned) / 1e6;
            if (response != null) {
                int status = response.statusCode();
                boolean ok = step.expects(status);
                Optional<FallbackRecogniser> fb = spec.fallback();
                boolean fallback = fb.isPresent() && fb.get().isFallback(status, response.headers().map(),
                        response.body());
                sink.accept(new RequestRecord(operation, ms, ok, ok ? null : "HTTP " + status, fallback,
                        "HTTP " + status));
            } else {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                String cls = cause instanceof HttpTimeoutException ? "TIMEOUT"
                        : cause instanceof ConnectException ? "CONNECT" : "IO " + cause.getClass().getSimpleName();
                sink.accept(new RequestRecord(operation, ms, false, cls, false, null));
            }
        });
    }

    /** User {@code u}'s fields: {@code index} and its account's (accounts taken in turn). */
    private RenderContext context(int u, RandomGenerator random) {
        Map<String, String> user = new HashMap<>();
        user.put("index", String.valueOf(u));
        if (!spec.accounts().isEmpty()) {
            RenderContext plain = new RenderContext(environment, Map.of("index", String.valueOf(u)), random);
            spec.accounts().get(u % spec.accounts().size()).forEach((k, v) -> user.put(k, v.render(plain)));
        }
        return new RenderContext(environment, user, random);
    }

    /** Users shared out over the journeys by weight (largest remainder), in the spec's order. */
    static List<Journey> assign(List<Journey> journeys, int users) {
        int total = journeys.stream().mapToInt(Journey::weight).sum();
        List<Journey> out = new ArrayList<>();
        int[] counts = new int[journeys.size()];
        int given = 0;
        for (int i = 0; i < journeys.size(); i++) {
            counts[i] = users * journeys.get(i).weight() / total;
            given += counts[i];
        }
        for (int i = 0; given < users; i = (i + 1) % journeys.size()) {
            counts[i]++;
            given++;
        }
        // interleave, so that the first requests (spread over one think time) mix the journeys
        int[] left = counts.clone();
        while (out.size() < users) {
            for (int i = 0; i < journeys.size(); i++) {
                if (left[i] > 0) {
                    out.add(journeys.get(i));
                    left[i]--;
                }
            }
        }
        return out;
    }
}
