package io.chaosharness.blackbox.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.blackbox.spec.SpecException;
import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The open-model driver against a real HTTP server on loopback. */
class LoadDriverTest {

    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static AppSpec spec(String journeys, String rest) {
        return AppSpec.parse("app.yaml", "baseUrl: " + server.baseUrl() + "\njourneys:\n" + journeys + rest);
    }

    @Test
    void aStallShowsAsLatencyFromThePlannedTimeWhileTheRequestsKeepComingAsPlanned() throws Exception {
        // 4 users, one request each every 100 ms for 3 s: 120 requests; the application stalls for 1 s in the middle.
        AppSpec spec = spec("  - name: j\n    steps: [{name: s, path: /stall}]\n",
                "load: {users: 4, thinkTime: 100ms, duration: 3s, requestTimeout: 10s}\n");
        NanoClock clock = new NanoClock();
        EventRecorder recorder = new EventRecorder(clock);
        LoadDriver driver = LoadDriver.builder(spec).recorder(recorder).seed(1).build();
        AtomicReference<Instant> closedAt = new AtomicReference<>();
        AtomicReference<Instant> openedAt = new AtomicReference<>();
        int heldBefore = server.heldWhileClosed.get();
        ScheduledExecutorService stall = Executors.newSingleThreadScheduledExecutor();
        LoadResult result;
        try (LoadDriver.LoadRun run = driver.start()) {
            stall.schedule(() -> {
                server.closeGate();
                closedAt.set(clock.instant()); // after closing: every request sent from now on is held
            }, 1000, TimeUnit.MILLISECONDS);
            stall.schedule(() -> {
                openedAt.set(clock.instant()); // before opening: no held request can end earlier
                server.openGate();
            }, 2000, TimeUnit.MILLISECONDS);
            result = run.await();
        } finally {
            stall.shutdownNow();
        }

        List<RequestOutcome> requests = result.requests();
        assertThat(requests).as("every planned request has an outcome, stall or not")
                .hasSize((int) spec.load().plannedRequests()).hasSize(120);
        assertThat(requests).as("each answered 200 or, on a machine too busy to answer in 10 s, timed out; none lost")
                .allMatch(o -> o.success() || o.errorClass() == ErrorClass.TIMEOUT);
        assertThat(requests.stream().filter(RequestOutcome::success).count()).as("answered").isPositive();
        for (RequestOutcome o : requests) {
            Duration offset = Duration.between(result.start(), o.planned());
            Duration expected = Duration.ofNanos(spec.load().phaseNanos(o.user()))
                    .plus(spec.load().thinkTime().multipliedBy(o.sequence()));
            assertThat(offset).as("request %d of user %d is planned on the grid, whatever the application did",
                    o.sequence(), o.user()).isEqualTo(expected);
        }
        int held = server.heldWhileClosed.get() - heldBefore;
        assertThat(held).as("requests that reached the server during the 1 s stall (a closed model would send "
                + "one per user, 4; the plan has 40)").isGreaterThanOrEqualTo(20);
        Duration tolerance = Duration.ofMillis(1); // the driver's and the test's instants share the clock's base
        List<RequestOutcome> plannedDuringStall = requests.stream()
                .filter(o -> !o.planned().isBefore(closedAt.get()) && o.planned().isBefore(openedAt.get())).toList();
        assertThat(plannedDuringStall).as("requests planned during the stall").hasSizeGreaterThanOrEqualTo(36);
        for (RequestOutcome o : plannedDuringStall) {
            assertThat(o.ended()).as("a request planned during the stall ends after it").isAfter(
                    openedAt.get().minus(tolerance));
            assertThat(o.latencyMs()).as("its latency counts from its planned time")
                    .isGreaterThanOrEqualTo(Duration.between(o.planned(), openedAt.get()).minus(tolerance).toNanos() / 1e6);
        }
        double stallMs = Duration.between(closedAt.get(), openedAt.get()).toNanos() / 1e6;
        assertThat(result.latencyPercentileMs(100)).as("the worst latency is about the stall's length")
                .isGreaterThanOrEqualTo(stallMs - spec.load().thinkTime().toMillis());

        List<CallEvent> calls = recorder.ofType(CallEvent.class);
        assertThat(calls).as("one CallEvent per outcome").hasSize(requests.size());
        for (CallEvent c : calls) {
            assertThat(c.operation()).isEqualTo("j/s");
        }
        RequestOutcome first = requests.get(0);
        CallEvent firstCall = calls.get(0);
        assertThat(firstCall.at()).as("a CallEvent is stamped at the request's end").isEqualTo(first.ended());
        assertThat(firstCall.latencyMs()).as("with the latency from the planned time").isEqualTo(first.latencyMs());
    }

    @Test
    void aRequestOutstandingPastItsTimeoutEndsAsATimeoutAndTheRunStaysBounded() throws Exception {
        AppSpec spec = spec("  - name: j\n    steps: [{name: slow, path: /slow}]\n",
                "load: {users: 2, thinkTime: 100ms, duration: 1s, requestTimeout: 300ms}\n");
        LoadResult result = LoadDriver.builder(spec).recorder(EventRecorder.systemUtc()).build().run();

        assertThat(result.requests()).as("planned requests").hasSize(20);
        assertThat(result.requests()).as("abandoned before the 1.5 s answer: no status, TIMEOUT")
                .allSatisfy(o -> {
                    assertThat(o.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
                    assertThat(o.status()).isZero();
                    assertThat(o.latencyMs()).isGreaterThanOrEqualTo(300.0);
                });
        assertThat(result.errors()).isEqualTo(20);
    }

    @Test
    void statusesFallbacksAndHealthProbesAreOutcomesOnTheTimeline() throws Exception {
        AppSpec spec = spec("  - name: j\n    steps:\n      - {name: login, method: POST, path: /fallback, "
                        + "body: {email: '${user.email}'}, headers: {Authorization: 'Bearer ${env.TOKEN}'}}\n"
                        + "      - {name: missing, path: /missing}\n",
                "accounts: [{email: a@example.com}]\nfallback: {json: {pointer: /session, equals: emergency-admin}}\n"
                        + "health: {path: /health, interval: 200ms}\n"
                        + "load: {users: 2, thinkTime: 100ms, duration: 1s}\n");
        EventRecorder recorder = EventRecorder.systemUtc();
        String secret = "s3cr3t-t0ken-value";
        LoadResult result = LoadDriver.builder(spec).recorder(recorder).environment(Map.of("TOKEN", secret)).build()
                .run();

        assertThat(result + " " + recorder.snapshot()).as("the token sent in every login is in no outcome or event")
                .doesNotContain(secret);
        List<RequestOutcome> logins = result.requests().stream().filter(o -> o.step().equals("login")).toList();
        List<RequestOutcome> missing = result.requests().stream().filter(o -> o.step().equals("missing")).toList();
        assertThat(logins).as("half the requests are logins").hasSize(10)
                .allSatisfy(o -> {
                    assertThat(o.success()).isTrue();
                    assertThat(o.fallback()).as("recognised as the fallback").isTrue();
                });
        assertThat(missing).hasSize(10).allSatisfy(o -> {
            assertThat(o.errorClass()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
            assertThat(o.status()).isEqualTo(404);
            assertThat(o.fallback()).isFalse();
        });
        assertThat(result.fallbacks()).isEqualTo(10);
        assertThat(result.healthProbes()).as("one probe every 200 ms for 1 s").hasSize(5)
                .allMatch(RequestOutcome::success);
        Map<String, Long> byOperation = recorder.ofType(CallEvent.class).stream().collect(
                java.util.stream.Collectors.groupingBy(CallEvent::operation, java.util.stream.Collectors.counting()));
        assertThat(byOperation).containsExactlyInAnyOrderEntriesOf(Map.of("j/login", 10L, "j/missing", 10L,
                "health", 5L));
        assertThat(recorder.ofType(CallEvent.class)).filteredOn(c -> c.operation().equals("j/missing"))
                .allMatch(c -> "UNEXPECTED_STATUS".equals(c.failureClass()) && c.outcome() == Outcome.FAILURE);
    }

    @Test
    void theMetricsEndpointIsReadDuringTheRunIntoSamplesAndPoolGauges() throws Exception {
        AppSpec spec = spec("  - name: j\n    steps: [{path: /ok}]\n",
                "metrics:\n  path: /metrics\n  format: prometheus\n  interval: 250ms\n  values: {poolActive: pool_active, "
                        + "poolIdle: 'pool_idle{pool=\"app\"}', poolMax: pool_max, retries: app_retries_total}\n"
                        + "load: {users: 1, thinkTime: 500ms, duration: 1s}\n");
        EventRecorder recorder = EventRecorder.systemUtc();
        LoadResult result = LoadDriver.builder(spec).recorder(recorder).build().run();

        assertThat(result.metrics()).as("one read every 250 ms for 1 s").hasSize(4).allSatisfy(m -> {
            assertThat(m.error()).isNull();
            assertThat(m.values()).containsExactlyInAnyOrderEntriesOf(Map.of("poolActive", 3.0, "poolIdle", 9.0,
                    "poolMax", 15.0, "retries", 7.0));
        });
        assertThat(recorder.ofType(io.chaosharness.core.event.PoolGaugeEvent.class)).as("a gauge per read").hasSize(4)
                .allSatisfy(g -> {
                    assertThat(g.pool()).isEqualTo("app");
                    assertThat(g.active()).isEqualTo(3);
                    assertThat(g.idle()).isEqualTo(9);
                    assertThat(g.total()).as("active + idle without poolTotal").isEqualTo(12);
                    assertThat(g.max()).isEqualTo(15);
                    assertThat(g.utilisation()).isEqualTo(0.2);
                });
    }

    @Test
    void aClosedRunStopsSendingAndSaysItWasCancelled() throws Exception {
        AppSpec spec = spec("  - name: j\n    steps: [{path: /ok}]\n",
                "load: {users: 2, thinkTime: 50ms, duration: 60s}\n");
        LoadDriver.LoadRun run = LoadDriver.builder(spec).recorder(EventRecorder.systemUtc()).build().start();
        org.awaitility.Awaitility.await("the run to send its first requests").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(() -> run.sent() >= 4);
        run.close();
        LoadResult result = run.await(Duration.ofSeconds(1));

        assertThat(result).as("a closed run has a result at once").isNotNull();
        assertThat(result.cancelled()).isTrue();
        assertThat(result.requests().size()).as("far fewer than the 2400 planned").isLessThan(2400);
        long sentAtClose = run.sent();
        // a negative: nothing may be sent during a window after the close (40 planned sends would fall in it)
        org.awaitility.Awaitility.await("nothing sent after the close").during(Duration.ofMillis(1000))
                .atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> run.sent() == sentAtClose);
    }

    @Test
    void theDriverRefusesWhatItMustNotSend() {
        AppSpec remote = AppSpec.parse("app.yaml", "baseUrl: http://192.0.2.1:8080\njourneys: [{name: j, steps: "
                + "[{path: /}]}]\n");
        assertThatThrownBy(() -> LoadDriver.builder(remote).recorder(EventRecorder.systemUtc()).build())
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app.yaml:1: baseUrl: http://192.0.2.1:8080 is not a loopback address");
        assertThat(TargetGuard.isLoopback(java.net.URI.create("http://localhost:1/"))).isTrue();
        assertThat(TargetGuard.isLoopback(java.net.URI.create("http://[::1]:1/"))).isTrue();
        assertThat(TargetGuard.isLoopback(java.net.URI.create("http://127.0.0.2:1/"))).isTrue();

        AppSpec secret = spec("  - name: j\n    steps: [{path: /ok, headers: {Authorization: 'Bearer ${env.TOKEN}'}}]\n",
                "");
        assertThatThrownBy(() -> LoadDriver.builder(secret).recorder(EventRecorder.systemUtc()).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("environment variable TOKEN is not set");

        AppSpec big = spec("  - name: j\n    steps: [{path: /ok}]\n",
                "load: {users: 1000, thinkTime: 10ms, duration: 2h}\n");
        assertThatThrownBy(() -> LoadDriver.builder(big).recorder(EventRecorder.systemUtc()).build())
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("load: 1000 users every 10 ms for 7200 s plan 720000000 requests; this run "
                        + "allows at most 1000000");

        AppSpec two = spec("  - {name: a, steps: [{path: /ok}]}\n  - {name: b, steps: [{path: /ok}]}\n",
                "load:\n  users: 1\n");
        assertThatThrownBy(() -> LoadDriver.builder(two).recorder(EventRecorder.systemUtc()).build())
                .isInstanceOf(SpecException.class).hasMessageStartingWith("app.yaml:5: load.users: must be at least the number of journeys (2)");
    }

    @Test
    void usersAreSharedByWeightWithEveryJourneyGettingOne() {
        AppSpec spec = spec("  - {name: a, weight: 3, steps: [{path: /ok}]}\n  - {name: b, steps: [{path: /ok}]}\n",
                "load: {users: 8}\n");
        List<String> journeys = LoadDriver.builder(spec).recorder(EventRecorder.systemUtc()).build()
                .journeyOfUser().stream().map(j -> j.name()).toList();
        assertThat(journeys).as("weights 3:1 over 8 users").hasSize(8);
        assertThat(journeys.stream().filter("a"::equals).count()).isEqualTo(6);
        assertThat(new LoadSettings(3, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1))
                .plannedRequests()).as("3 users, phases 0, 33, 66 ms, one every 100 ms below 1 s").isEqualTo(30);
    }
}
