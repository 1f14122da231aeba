package io.chaosharness.scenario;

import io.chaosharness.chaos.Latency;
import io.chaosharness.chaos.ProxyDown;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every scenario the harness ships, in the order a suite runs them. The same definitions run from {@code mvn verify}
 * (the {@code scenarios} module's tests) and from {@code ./harness run}.
 *
 * <p>Unless a scenario's config section says otherwise, the design under test is the seed plan's
 * ({@link ScenarioConfig#seedPlan()}); scenarios only shorten durations.
 */
public final class ScenarioCatalog {

    /** Workers of the standard lane. */
    static final int WORKERS = 6;
    /** Pacing of the standard lane: each worker issues at most one operation per 25 ms (about 240 per second). */
    static final Duration PACING = Duration.ofMillis(25);

    private ScenarioCatalog() {
    }

    /** Every scenario, in suite order. */
    public static List<Scenario> all() {
        return List.of(steadyState(), latency(), briefOutage());
    }

    /** The scenario with {@code id}, if there is one. */
    public static Optional<Scenario> byId(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The ids, in suite order. */
    public static List<String> ids() {
        return all().stream().map(Scenario::id).toList();
    }

    /** The standard lane: reads and authentications from {@link #WORKERS} paced workers for {@code duration}. */
    static Workload.Lane standardLane(Duration duration) {
        return Workload.Lane.named("main").concurrency(WORKERS).pacing(PACING).duration(duration)
                .maxOperations((int) (duration.toMillis() / PACING.toMillis()) * WORKERS + WORKERS)
                .op(Operations.read(), 80).op(Operations.authenticate(), 20).build();
    }

    /** No fault: the baseline the seed plan's targets are stated for. */
    public static Scenario steadyState() {
        return Scenario.builder("steady-state")
                .title("Steady state")
                .description("Reads and authentications for 8 s with no fault: the seed plan's targets hold.")
                .proves("without faults the pool meets the seed plan's targets: p99 and average under 100 ms, "
                        + "utilisation under 50 %, no fallback")
                .workload(Workload.of(standardLane(Duration.ofSeconds(8))))
                .criterion(Criteria.p99Below(100))
                .criterion(Criteria.averageBelow(100))
                .criterion(Criteria.utilisationBelow(0.5))
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.errorRateBelow(1))
                .build();
    }

    /** Latency with jitter on the database's responses. */
    public static Scenario latency() {
        Duration delay = Duration.ofMillis(150);
        return Scenario.builder("latency")
                .title("Latency with jitter")
                .description("150 ms ± 30 ms on every response for 5 s: operations slow down by about that much, "
                        + "nothing is retried and nothing falls back.")
                .proves("a slow network is slowness, not failure: no retry, no fallback, no error")
                .workload(Workload.of(standardLane(Duration.ofSeconds(10))))
                .fault(Duration.ofSeconds(3), Duration.ofSeconds(5), new Latency(delay, Duration.ofMillis(30)))
                .criterion(Criteria.slowdownAboutInjectedDelay(delay, 0.6, 2.5))
                .criterion(Criteria.noRetries())
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.noFailedOperations())
                .build();
    }

    /** The proxy goes down for 2 s. */
    public static Scenario briefOutage() {
        return Scenario.builder("brief-outage")
                .title("Brief outage")
                .description("Proxy down for 2 s under steady load; retries must mask it.")
                .proves("retries mask a 2 s outage: no fallback, error rate after retries under 1 %")
                .workload(Workload.of(standardLane(Duration.ofSeconds(10))))
                .fault(Duration.ofSeconds(3), Duration.ofSeconds(2), new ProxyDown())
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.errorRateBelow(1))
                .criterion(Criteria.noFailedOperations())
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.retrySuccessAbove(95))
                .weakenedBy(ScenarioConfig::weakened)
                .build();
    }
}
