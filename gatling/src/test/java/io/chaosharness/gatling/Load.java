package io.chaosharness.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.core.InFlight;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.result.GatlingResult;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every simulation shares: the load target, the protocol (warm-up off: no traffic leaves this machine), the
 * user journey (the admin users list, a login every tenth iteration when the demo password is known) and checks that
 * count emergency-admin responses and feed the {@link LatencyTimeline}.
 */
final class Load {

    static final String USERS_REQUEST = "admin users";
    static final String LOGIN_REQUEST = "login";

    final LoadTarget target;
    final RunRecord record = new RunRecord();
    final LatencyTimeline timeline;
    final AtomicLong emergencyAdmin = new AtomicLong();
    final AtomicLong iterations = new AtomicLong();
    final AtomicLong responses = new AtomicLong();

    Load(String simulation, Duration expectedLength, long bucketMs) {
        this.target = LoadTarget.fromSystemProperties();
        this.record.simulation = simulation;
        this.record.target = target.describe();
        long allowance = Duration.ofMinutes(3).toMillis(); // stack start-up before the run, drain after it
        this.timeline = new LatencyTimeline(System.currentTimeMillis(), bucketMs,
                (int) ((expectedLength.toMillis() + allowance) / bucketMs) + 1);
    }

    HttpProtocolBuilder protocol() {
        return http.baseUrl(target.baseUrl())
                // Gatling warms its HTTP engine up with one request before the run; by default that request goes to
                // gatling.io. Pointing it at the target keeps all traffic on this machine and keeps the load
                // generator's own class loading out of the first measured responses.
                .warmUp(target.baseUrl() + "/api/health/database")
                .shareConnections()
                .acceptHeader("application/json")
                .contentTypeHeader("application/json");
    }

    /** Records the response time in the timeline (always passes). */
    CheckBuilder timed() {
        return responseTimeInMillis().transform(ms -> {
            timeline.record(System.currentTimeMillis(), ms);
            responses.incrementAndGet();
            return ms;
        }).gte(0).name("response time recorded");
    }

    /** Counts and fails a response that carries {@code "fallback":true}, i.e. an emergency-admin session. */
    CheckBuilder noEmergencyAdmin() {
        return bodyString().transform(body -> {
            boolean fallback = body != null && body.replace(" ", "").contains("\"fallback\":true");
            if (fallback) {
                emergencyAdmin.incrementAndGet();
            }
            return fallback;
        }).is(false).name("no emergency-admin response");
    }

    HttpRequestActionBuilder adminUsers() {
        return http(USERS_REQUEST).get("/api/admin/users")
                .header("Authorization", "Bearer " + target.adminToken())
                .check(timed(), noEmergencyAdmin(), status().is(200), jsonPath("$.count").ofInt().gt(0));
    }

    HttpRequestActionBuilder login(String password) {
        return http(LOGIN_REQUEST).post("/api/auth/login")
                .body(StringBody("{\"email\":\"alice@example.com\",\"password\":\"" + password + "\"}"))
                .check(timed(), noEmergencyAdmin(), status().is(200));
    }

    /** One iteration of the user journey. */
    ChainBuilder journey() {
        ChainBuilder chain = exec(adminUsers());
        if (target.demoPassword().isPresent()) {
            String password = target.demoPassword().get();
            chain = exec(session -> session.set("iteration", iterations.incrementAndGet()))
                    .exec(adminUsers())
                    .doIf(session -> session.getLong("iteration") % 10 == 0).then(exec(login(password)));
        }
        return chain;
    }

    /**
     * Users who repeat the {@link #journey()} for {@code duration}, one iteration every {@code think} (back to back
     * when it is zero).
     */
    ScenarioBuilder pacedUsers(String name, Duration duration, Duration think) {
        return scenario(name).during(duration).on(think.isZero() ? journey() : pace(think).exec(journey()));
    }

    /** Starts the target and warms it up; call from {@code before()}. */
    void before(int users) {
        target.start();
        warmUp(Params.integer("warmup.requests", 3000, 0, 1_000_000));
        // the warm-up's events are not the run's: forget them, so the recorder's capacity is the run's
        target.pool().ifPresent(p -> p.recorder().clear());
        record.users = users;
        record.startedAt = Instant.now();
        System.out.println(record.simulation + ": load target " + target.describe());
    }

    /**
     * Sends {@code requests} admin-users requests (and a login every tenth, where possible) from 8 threads before the
     * measured run, bounded by count and 60 s, so that the service's JIT warm-up is not measured as its latency. The
     * simulations measure a warm service, as the seed plan's production would be.
     */
    private void warmUp(int requests) {
        if (requests == 0) {
            return;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest users = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/admin/users"))
                .header("Authorization", "Bearer " + target.adminToken()).timeout(Duration.ofSeconds(5)).GET().build();
        HttpRequest login = target.demoPassword().map(p -> HttpRequest.newBuilder(
                        URI.create(target.baseUrl() + "/api/auth/login")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"alice@example.com\",\"password\":\"" + p + "\"}")).build()).orElse(users);
        HttpRequest healthRequest = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/health/database"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        AtomicLong sent = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                pool.execute(() -> {
                    long n;
                    while ((n = sent.incrementAndGet()) <= requests && System.nanoTime() < deadline) {
                        HttpRequest r = n % 10 == 0 ? login : n % 10 == 5 ? healthRequest : users;
                        try {
                            client.send(r, HttpResponse.BodyHandlers.discarding());
                        } catch (Exception e) {
                            return;
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(70, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.shutdownNow();
        }
    }

    /** Adds a simulation-side criterion. */
    void criterion(String description, boolean passed, String measured) {
        record.criteria.add(new GatlingResult.Assertion(description, passed, measured));
    }

    /** Finishes the record, writes it and stops the target; call from {@code after()}. */
    void after() {
        try {
            record.durationMs = Duration.between(record.startedAt, Instant.now()).toMillis();
            record.emergencyAdminResponses = emergencyAdmin.get();
            record.responsesSeen = responses.get();
            criterion("zero emergency-admin responses", emergencyAdmin.get() == 0,
                    emergencyAdmin.get() + " of " + responses.get() + " responses");
            record.p99SeriesBucketMs = timeline.bucketMs();
            record.p99Series = timeline.p99Series();
            record.write();
        } finally {
            target.close();
        }
    }

    /**
     * Pool utilisation below {@code fraction}. On the local stack it is the catalogue's definition
     * ({@link InFlight}): the busiest second's mean attempts in flight over the pool size, from every attempt the
     * reference pool recorded in the run, so a single health sample taken during a stall does not decide it. A
     * given target shows only its health endpoint: there it is the most of the sampled {@code utilisation_ratio}
     * (connections in use / pool size at one instant), and the sentence says so. Nothing measured is a fail.
     */
    void utilisationCriterion(double fraction, HealthSampler health) {
        String target100 = String.format("%.0f %%", fraction * 100);
        String sampled = String.format("health samples max %.0f %% over %d", health.maxUtilisation() * 100,
                health.samples());
        if (this.target.pool().isEmpty()) {
            criterion("pool utilisation < " + target100 + " (health samples: max in use / pool size)",
                    health.samples() > 0 && health.maxUtilisation() < fraction, sampled);
            return;
        }
        EventRecorder recorder = this.target.pool().get().recorder();
        int max = this.target.pool().get().snapshot().max();
        long runNanos = Math.max(1, Duration.between(record.startedAt, Instant.now()).toNanos());
        List<long[]> spans = new ArrayList<>();
        for (AttemptEvent a : recorder.ofType(AttemptEvent.class)) {
            long to = Duration.between(record.startedAt, a.at()).toNanos();
            spans.add(new long[] {to - Math.round(a.latencyMs() * 1_000_000), to});
        }
        InFlight.Busiest b = InFlight.busiest(spans, runNanos, InFlight.SECOND_NANOS);
        double u = max == 0 ? 0 : b.mean() / max;
        boolean measured = b.spans() > 0 && max > 0 && recorder.dropped() == 0;
        criterion("pool utilisation < " + target100 + " (busiest 1 s: mean attempts in flight / pool size)",
                measured && u < fraction,
                (measured ? "" : "not measured: " + (recorder.dropped() > 0 ? recorder.dropped()
                        + " events beyond the recorder's capacity; " : "no attempt recorded; "))
                        + String.format("busiest 1 s %.2f of %d = %.0f %% (second %d; instantaneous peak %d; %d "
                        + "attempts); %s", b.mean(), max, u * 100, b.window(), b.peak(), b.spans(), sampled));
    }

    /** Samples the health endpoint every second (bounded by {@code bound}) for pool gauges; stop with close(). */
    HealthSampler startHealthSampler(Duration bound) {
        return new HealthSampler(this, bound);
    }

    /** Reads the health endpoint once (bounded: 2 s). */
    JsonNode health(HttpClient client) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/health/database"))
                .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return RunRecord.JSON.readTree(r.body());
    }
}
