package io.chaosharness.scenario;

import io.chaosharness.chaos.Direction;
import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.chaos.Bandwidth;
import io.chaosharness.chaos.ConnectionLimit;
import io.chaosharness.chaos.DatabaseRestart;
import io.chaosharness.chaos.Latency;
import io.chaosharness.chaos.LimitData;
import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.chaos.ResetPeer;
import io.chaosharness.chaos.Slicer;
import io.chaosharness.chaos.TerminateBackends;
import io.chaosharness.chaos.Timeout;
import io.chaosharness.retry.ResilienceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every scenario the harness ships, in the order a suite runs them. The same definitions run from {@code mvn verify}
 * (the {@code scenarios} module's tests) and from {@code ./harness run}.
 *
 * <p>A catalogue id runs the design it names: the seed plan's ({@link ScenarioConfig#seedPlan()}) unless its config
 * says otherwise (its {@code notes} say what and why, and every listing shows them). Where a shortened setting shows
 * something the seed's cannot in a short run, it is a separate variant whose id and title say so
 * ({@code long-outage-fast-fail}, {@code blackhole-short-socket-timeout}, {@code retry-budget-short-pool-timeout});
 * the seed plan's own settings keep their own verdict under the plain id.
 *
 * <p>{@link #all(Design)} puts another design under every scenario: each scenario runs that design's settings, its
 * own departures (the named variants' shortened settings) stay and are noted, and the workloads that depend on the
 * pool's size follow the design's {@code connection_limit} ({@link #steadyUsers(Design)},
 * {@link #exhaustionHolders(Design)}); with the seed design they are the seed plan's.
 */
public final class ScenarioCatalog {

    /** Workers of the standard lane. */
    static final int WORKERS = 6;
    /** steady-state's think time between requests (its users: {@link #steadyUsers(Design)}). */
    static final Duration STEADY_THINK = Duration.ofMillis(500);
    /** Pacing of the standard lane: each worker issues at most one operation per 25 ms (about 240 per second). */
    static final Duration PACING = Duration.ofMillis(25);

    private ScenarioCatalog() {
    }

    /** Every scenario, in suite order, on the seed plan's design. */
    public static List<Scenario> all() {
        return all(Design.seed());
    }

    /**
     * Every scenario, in suite order, on {@code design}: its settings under every scenario (the scenario's own
     * departures kept, in {@code config.notes}), and pool-size-dependent workloads derived from its
     * {@code connection_limit}.
     */
    public static List<Scenario> all(Design design) {
        return List.of(steadyState(design), latency(), briefOutage(), longOutage(), longOutageFastFail(),
                        connectionReset(), blackhole(), blackholeShortSocketTimeout(), connectionCut(),
                        bandwidthSlicer(), limitData(), databaseRestart(), backendTermination(),
                        poolExhaustion(design), tooManyConnections(design), tooManyConnectionsShortPoolTimeout(),
                        statementTimeout(), writeSafety(), retryBudget(design), retryBudgetShortPoolTimeout(design),
                        availabilityCheck())
                .stream().map(s -> s.withConfig(s.config().rebasedOn(design))).toList();
    }

    /** The scenario with {@code id}, if there is one. */
    public static Optional<Scenario> byId(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The seed plan's users per connection in steady-state: 150 users on 15 connections (the seed: 100-200). */
    static final int STEADY_USERS_PER_CONNECTION = 10;

    /** The most workers a lane can have ({@link Workload.Lane}), so the most steady-state users. */
    static final int MAX_LANE_WORKERS = 1000;

    /**
     * steady-state's concurrent users for {@code design}: 10 per connection (150 for the seed's 15), at most
     * {@value #MAX_LANE_WORKERS} (a lane's limit; the description says so when it applies).
     */
    public static int steadyUsers(Design design) {
        return Math.min(MAX_LANE_WORKERS, STEADY_USERS_PER_CONNECTION * design.connectionLimit());
    }

    /** pool-exhaustion's slow queries for {@code design}: one per connection, so they hold the whole pool. */
    public static int exhaustionHolders(Design design) {
        return design.connectionLimit();
    }

    /** The ids, in suite order. */
    public static List<String> ids() {
        return all().stream().map(Scenario::id).toList();
    }

    /** The standard lane: reads and authentications from {@link #WORKERS} paced workers for {@code duration}. */
    static Workload.Lane standardLane(Duration duration) {
        return lane("main", WORKERS, PACING, duration).op(Operations.read(), 80).op(Operations.authenticate(), 20)
                .build();
    }

    static Workload.Lane.Builder lane(String name, int workers, Duration pacing, Duration duration) {
        long perWorker = pacing.isZero() ? 100_000 : duration.toMillis() / pacing.toMillis() + 1;
        return Workload.Lane.named(name).concurrency(workers).pacing(pacing).duration(duration)
                .maxOperations((int) Math.min(10_000_000, perWorker * workers));
    }

    /**
     * Run left after a scenario's last fault window so that recovery at the limit can be measured: its p99-by-start
     * window may start up to 1 s after the database is back and lasts 1 s, and counts only once the run's operations
     * reach its end; 0.5 s more lets the last operations end.
     */
    static final Duration RECOVERY_RUN = Duration.ofMillis(2500);

    private static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    // ------------------------------------------------------------------------------------------------ no fault

    /** No fault: the baseline the seed plan's targets are stated for. */
    public static Scenario steadyState() {
        return steadyState(Design.seed());
    }

    /** steady-state with {@link #steadyUsers(Design)} users: the seed's 150 for 15 connections, 10 per connection. */
    static Scenario steadyState(Design design) {
        int users = steadyUsers(design);
        int connections = design.connectionLimit();
        return Scenario.builder("steady-state")
                .title("Steady state")
                .describedBy(w -> "The seed plan's normal operation for 6 s with no fault: " + w.peakConcurrency()
                        + " concurrent users (the seed targets 100-200 on 15 connections"
                        + (connections == 15 ? "" : "; " + STEADY_USERS_PER_CONNECTION + " per connection on this "
                        + "design's " + connections + (users < STEADY_USERS_PER_CONNECTION * connections
                        ? ", at most " + MAX_LANE_WORKERS + " (a lane's limit)" : ""))
                        + (w.peakConcurrency() < users ? "; capped from " + users + " for this run" : "")
                        + "), each issuing " + (w.writes() ? "a read or an authentication" : "a read") + " every "
                        + STEADY_THINK.toMillis() + " ms, first requests spread over that "
                        + "period. The seed plan's targets hold; utilisation is the peak number of attempts in "
                        + "flight at once, taken from the timeline, over the pool size.")
                .proves("without faults the pool meets the seed plan's targets under " + users + " concurrent "
                        + "users: p99 and average under 100 ms, peak utilisation under 50 %, no fallback")
                .workload(Workload.of(lane("main", users, STEADY_THINK, s(6)).op(Operations.read(), 80)
                        .op(Operations.authenticate(), 20).build()))
                .criterion(Criteria.p99Below(100))
                .criterion(Criteria.averageBelow(100))
                .criterion(Criteria.peakUtilisationBelow(0.5))
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.errorRateBelow(1))
                .weakenedBy(Weakening.fault("150 ms of latency on every response, more than the 100 ms target allows")
                        .workload(Workload.of(lane("main", users, STEADY_THINK, s(3)).op(Operations.read(), 80)
                                .op(Operations.authenticate(), 20).build()))
                        .fault(s(0.5), s(2.5), new Latency(Duration.ofMillis(150), Duration.ZERO))
                        .mustFail("p99 operation latency"))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ network

    /** Latency with jitter on the database's responses. */
    public static Scenario latency() {
        Duration delay = Duration.ofMillis(150);
        return Scenario.builder("latency")
                .title("Latency with jitter")
                .description("150 ms ± 30 ms on every response for 4 s: operations slow down by about that much, "
                        + "nothing is retried and nothing falls back.")
                .proves("a slow network is slowness, not failure: operations slow by about the delay, no retry, "
                        + "no fallback, no error")
                .workload(Workload.of(standardLane(s(6.5).plus(RECOVERY_RUN))))
                .fault(s(2.5), s(4), new Latency(delay, Duration.ofMillis(30)))
                .criterion(Criteria.slowdownAboutInjectedDelay(delay, 0.6, 2.5))
                .criterion(Criteria.noRetries())
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.noFailedOperations())
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.fault("1 s of latency instead of 150 ms: the slowdown is not about the delay "
                                + "the criterion expects").workload(Workload.of(standardLane(s(5))))
                        .fault(s(1.5), s(2.5), new Latency(Duration.ofSeconds(1), Duration.ofMillis(30)))
                        .mustFail("median slowdown under the fault"))
                .build();
    }

    /** The proxy goes down for 2 s. */
    public static Scenario briefOutage() {
        return Scenario.builder("brief-outage")
                .title("Brief outage")
                .description("Proxy down for 2 s under steady load; retries must mask it.")
                .proves("retries mask a 2 s outage: no fallback, no failed operation, error rate after retries "
                        + "under 1 %")
                .workload(Workload.of(standardLane(s(8))))
                .fault(s(2.5), s(2), new ProxyDown())
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.errorRateBelow(1))
                .criterion(Criteria.noFailedOperations())
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.retrySuccessAbove(95))
                .weakenedBy(Weakening.weakenedPool().mustFail("failed operations", "retries"))
                .criterion(Criteria.recoveredAtTheLimit())
                .build();
    }

    /**
     * Failing fast, for the first failed operation: a design that fails fast gives up once its retries are spent (the
     * seed's 1 + 2 + 4 s of backoff) plus a second, without first waiting out pool_timeout on each attempt.
     */
    static final Duration FIRST_FAILURE_TARGET = Duration.ofSeconds(8);
    /** Failing fast, for the emergency-login fallback: it engages inside the 15 s a long outage is taken to last. */
    static final Duration FALLBACK_TARGET = Duration.ofSeconds(15);
    /**
     * The seed design's long outage: long enough that its times to give up can be measured (by hand on
     * {@code ./harness app}: 47.6 s to the first 503, 80-82 s to the emergency login).
     */
    static final Duration SEED_OUTAGE = Duration.ofSeconds(90);

    private static final String NO_LOGINS = "the emergency-admin fallback is reached only through logins, and a "
            + "read-only run has no login workload (its users are written fixtures)";

    /**
     * The proxy goes down for {@link #SEED_OUTAGE} against the seed plan's own settings (pool_timeout 10 s, 3 retries
     * from 1 s, availability check 3 × 10 s): does it fail fast? The times to the first failed operation and to the
     * first emergency-login fallback are measured and judged against {@link #FAIL_FAST_TARGET}. The seed design does
     * not meet them: that is the finding this scenario reports.
     */
    public static Scenario longOutage() {
        Duration workload = s(2).plus(SEED_OUTAGE).plus(s(5));
        return Scenario.builder("long-outage")
                .title("Long outage (seed settings)")
                .description("Proxy down for " + SEED_OUTAGE.toSeconds() + " s under load against the seed plan's own "
                        + "settings (pool_timeout 10 s, 3 retries from 1 s, availability check 3 × 10 s): measures "
                        + "how long after the outage began the first operation fails and the first login reaches the "
                        + "emergency-admin fallback, judged against failing fast: the first failure within "
                        + FIRST_FAILURE_TARGET.toSeconds() + " s (the retries' backoff, not pool waits), the fallback "
                        + "within " + FALLBACK_TARGET.toSeconds() + " s. A fail here is a finding about the seed "
                        + "design; long-outage-fast-fail runs the shortened settings.")
                .proves("the seed plan's settings fail fast in a long outage: the first failed operation within "
                        + FIRST_FAILURE_TARGET.toSeconds() + " s and the first emergency-login fallback within "
                        + FALLBACK_TARGET.toSeconds() + " s of the outage start (measured; the seed design does not "
                        + "meet it)")
                .workload(Workload.of(lane("main", 20, Duration.ofMillis(100), workload)
                        .op(Operations.read(), 70).op(Operations.authenticate(), 30).build()))
                .fault(s(2), SEED_OUTAGE, new ProxyDown())
                .tail(s(1))
                .skippedWhenReadOnly(NO_LOGINS)
                .criterion(OutageTimes.firstFailedOperationWithin(FIRST_FAILURE_TARGET))
                .criterion(OutageTimes.firstEmergencyLoginWithin(FALLBACK_TARGET))
                .criterion(Criteria.breakerOpened())
                .criterion(Criteria.fallbackEngagedOnlyDuringOutage(s(3)))
                .criterion(Criteria.recoveredWithin(s(8)))
                .criterion(Criteria.recoveredAtTheLimit())
                .criterion(Criteria.verified(Verifications.WORKERS_FINISHED, "no hung worker", "every worker ends"))
                .weakenedBy(Weakening.weakenedPool()
                        .workload(Workload.of(lane("main", 20, Duration.ofMillis(100), s(8))
                                .op(Operations.read(), 70).op(Operations.authenticate(), 30).build()))
                        .fault(s(2), s(5), new ProxyDown()).tail(s(1))
                        .mustFail("circuit breaker opened"))
                .build();
    }

    /** The proxy goes down for 15 s against shortened timeouts: the breaker, fail-fast and fallback in a short run. */
    public static Scenario longOutageFastFail() {
        ScenarioConfig config = ScenarioConfig.seedPlan()
                .withUrlParameter("pool_timeout", "1", "HikariCP waits the whole pool_timeout for a connection while"
                        + " the database is unreachable; with 10 s no operation could fail (and no breaker open) inside"
                        + " a 15 s outage")
                .withResilience(ResilienceConfig.custom().baseDelay(Duration.ofMillis(250)).build(),
                        "3 retries from a 250 ms base (seed: 1 s), so operations give up within the outage and the"
                                + " breaker and fallback can be observed in a short run")
                .withAvailability(AvailabilityConfig.ofDefaults().withAttemptTimeout(Duration.ofSeconds(2))
                        .withBackoff(Duration.ofMillis(250), Duration.ofMillis(500)),
                        "availability check 3 × 2 s with 250/500 ms backoff (seed: 3 × 10 s, 1/2/4 s), so the "
                                + "fallback decision fits inside the outage");
        return Scenario.builder("long-outage-fast-fail")
                .title("Long outage (fast-fail settings, not the seed's)")
                .description("Proxy down for 15 s under load with shortened settings (pool_timeout 1 s, retries from "
                        + "250 ms, availability check 3 × 2 s; not the seed plan's, see config.notes): the breaker "
                        + "opens, calls fail fast, the emergency-admin fallback engages and is reported, recovery is "
                        + "measured. long-outage runs the seed plan's own settings.")
                .proves("with fast-fail settings a 15 s outage fails fast instead of piling up threads: the breaker "
                        + "opens, refused calls return at once, the fallback engages only during the outage")
                .config(config)
                .workload(Workload.of(lane("main", 20, Duration.ofMillis(100), s(22))
                        .op(Operations.read(), 70).op(Operations.authenticate(), 30).build()))
                .fault(s(2), s(15), new ProxyDown())
                .tail(s(1))
                .skippedWhenReadOnly(NO_LOGINS)
                .criterion(OutageTimes.firstFailedOperationWithin(FIRST_FAILURE_TARGET))
                .criterion(OutageTimes.firstEmergencyLoginWithin(FALLBACK_TARGET))
                .criterion(Criteria.breakerOpened())
                .criterion(Criteria.failFastWhileOpen(100))
                .criterion(Criteria.noOperationAdmittedWhileOpen(Duration.ofMillis(50)))
                .criterion(Criteria.fallbackEngagedOnlyDuringOutage(s(3)))
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.recoveredWithin(s(8)))
                .criterion(Criteria.recoveredAtTheLimit())
                .criterion(Criteria.verified(Verifications.WORKERS_FINISHED, "no hung worker", "every worker ends"))
                .weakenedBy(Weakening.weakenedPool()
                        .workload(Workload.of(lane("main", 20, Duration.ofMillis(100), s(8))
                                .op(Operations.read(), 70).op(Operations.authenticate(), 30).build()))
                        .fault(s(2), s(5), new ProxyDown()).tail(s(1))
                        .mustFail("circuit breaker opened"))
                .build();
    }

    /** Connections reset by peer, pooled and new. */
    public static Scenario connectionReset() {
        return Scenario.builder("connection-reset")
                .title("Connection reset")
                .description("reset_peer for 1 s twice: pooled connections in use are reset, and so are new "
                        + "connections opened during the window. Broken connections are evicted, retries succeed.")
                .proves("reset connections are evicted, never handed out again, and retries succeed")
                .workload(Workload.of(standardLane(s(8))))
                .fault(s(2), s(1), new ResetPeer(Duration.ZERO, Direction.UPSTREAM))
                .fault(s(5), s(1), new ResetPeer(Duration.ZERO, Direction.DOWNSTREAM))
                .criterion(Criteria.failuresClassified(Set.of("08"), "TRANSIENT"))
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.noFailuresAfterRemoval(Duration.ofMillis(200)))
                .criterion(Criteria.noFailedOperations())
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.weakenedPool().mustFail("failed operations", "retries"))
                .build();
    }

    /**
     * The socket timeout the seed plan's settings give (the pool's rule: twice statement_timeout=30000), and the
     * slack a failed attempt may take beyond it.
     */
    static final Duration SEED_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A blackhole against the seed plan's settings: no socketTimeout in the URL, so the pool's rule gives 60 s. The
     * blackhole lasts longer than that, so the seed's guard must fire inside it (a design without one waits until
     * the blackhole is lifted, and fails).
     */
    public static Scenario blackhole() {
        Duration slack = s(2);
        Duration window = SEED_SOCKET_TIMEOUT.plus(s(5));
        return Scenario.builder("blackhole")
                .title("Blackhole (seed settings)")
                .description("Timeout toxic (downstream data dropped, connections left open) for "
                        + window.toSeconds() + " s against the seed plan's settings, longer than the 60 s socket "
                        + "timeout the pool's rule gives (twice statement_timeout): calls caught in it are given up "
                        + "on by that timeout, not by the blackhole's end; every call ends within pool_timeout + "
                        + "socket timeout and no thread hangs. blackhole-short-socket-timeout runs a 3 s socket "
                        + "timeout in a short blackhole.")
                .proves("with the seed's settings a silent network cannot hang the application: the 60 s socket "
                        + "timeout gives up on dead connections inside a 65 s blackhole, no worker hangs")
                .workload(Workload.of(standardLane(s(2).plus(window).plus(s(3)))))
                .fault(s(2), window, Timeout.blackhole())
                .tail(slack)
                .criterion(Criteria.failedAttemptsEndWithin(Set.of("08"), SEED_SOCKET_TIMEOUT.plus(slack),
                        "socket timeout 60 s + slack"))
                .criterion(Criteria.everyAttemptEndsWithin(s(10).plus(SEED_SOCKET_TIMEOUT).plus(slack),
                        "pool_timeout 10 s + socket timeout 60 s + slack"))
                .criterion(Criteria.verified(Verifications.WORKERS_FINISHED, "no hung worker", "every worker ends"))
                // recovery at the limit is not judged here: met in four runs, but the first success came 96 ms and
                // 71 ms after the blackhole was lifted in two (the probe's first connect once the proxy has closed the
                // blackholed connections), too little margin to hold on a loaded machine; the result carries the figures
                .weakenedBy(Weakening.weakenedPool()
                        .mustFail("attempts failing [08] end within their guard"))
                .build();
    }

    /** A blackhole against a 3 s socket timeout, so the guard fires inside a short blackhole. */
    public static Scenario blackholeShortSocketTimeout() {
        ScenarioConfig config = ScenarioConfig.seedPlan().withUrlParameter("socketTimeout", "3",
                "pgjdbc socketTimeout 3 s (the pool's rule gives 60 s for statement_timeout=30000), so the guard fires "
                        + "inside a short blackhole");
        return Scenario.builder("blackhole-short-socket-timeout")
                .title("Blackhole (3 s socket timeout, not the seed's)")
                .description("Timeout toxic (downstream data dropped, connections left open) for 8 s with a 3 s "
                        + "socket timeout (seed: 60 s; see config.notes): every call ends within the configured "
                        + "bounds and no thread hangs.")
                .proves("with a 3 s socket timeout a silent network is given up on within it: waits stay within "
                        + "pool_timeout, no worker hangs, the pool recovers")
                .config(config)
                .workload(Workload.of(standardLane(s(13))))
                .fault(s(2), s(8), Timeout.blackhole())
                .tail(s(1))
                .criterion(Criteria.failedAttemptsEndWithin(Set.of("08"), s(4.5), "socketTimeout 3 s + slack"))
                .criterion(Criteria.everyAttemptEndsWithin(s(14), "pool_timeout 10 s + socketTimeout 3 s + slack"))
                .criterion(Criteria.verified(Verifications.WORKERS_FINISHED, "no hung worker", "every worker ends"))
                .criterion(Criteria.recoveredWithin(s(10)))
                .weakenedBy(Weakening.weakenedPool().mustFail("attempts failing [08] end within their guard"))
                .criterion(Criteria.recoveredAtTheLimit())
                .build();
    }

    /** Connections cut without being closed (Testcontainers' {@code setConnectionCut}). */
    public static Scenario connectionCut() {
        ScenarioConfig config = ScenarioConfig.seedPlan().withUrlParameter("socketTimeout", "3",
                "pgjdbc socketTimeout 3 s (the pool's rule gives 60 s for statement_timeout=30000), so the guard fires "
                        + "inside a short cut");
        return Scenario.builder("connection-cut")
                .title("Connection cut")
                .description("Bandwidth 0 on both streams for 5 s (Testcontainers' setConnectionCut): connections stay "
                        + "open and silent in both directions. Calls end within their bounds, no thread hangs, and "
                        + "the pool recovers once data flows again.")
                .proves("a link that stalls both ways is detected by the socket timeout and recovered from, with no "
                        + "hung worker")
                .config(config)
                .workload(Workload.of(standardLane(s(9))))
                .fault(s(2), s(5), new io.chaosharness.chaos.ConnectionCut())
                .criterion(Criteria.failedAttemptsEndWithin(Set.of("08"), s(4.5), "socketTimeout 3 s + slack"))
                .criterion(Criteria.everyAttemptEndsWithin(s(14), "pool_timeout 10 s + socketTimeout 3 s + slack"))
                .criterion(Criteria.verified(Verifications.WORKERS_FINISHED, "no hung worker", "every worker ends"))
                .criterion(Criteria.recoveredWithin(s(10)))
                // recovery at the limit is not judged here: the first success came 128-235 ms after the cut ended in 5
                // of 7 runs (README, "Recovery at the limit"): it waits for the cut's held data to flow again through the
                // proxy, which also holds the probe's hung connects, and the socket timeout's eviction drops the idle
                // connections the cut leaves intact (keeping them was tried and reverted: README). The result still
                // carries the figures
                .weakenedBy(Weakening.of("socketTimeout 6 s, twice the guard the bound allows, under an 8 s cut",
                                c -> c.withUrlParameter("socketTimeout", "6", "weakened variant: a socket timeout too"
                                        + " slow for the 4.5 s bound")).workload(Workload.of(standardLane(s(11))))
                        .fault(s(2), s(8), new io.chaosharness.chaos.ConnectionCut())
                        .mustFail("attempts failing [08] end within their guard"))
                .build();
    }

    /** Slow and fragmented links. */
    public static Scenario bandwidthSlicer() {
        return Scenario.builder("bandwidth-slicer")
                .title("Bandwidth and slicer")
                .description("50 KB/s downstream for 3 s, then responses sliced into 32–96 byte pieces for 3 s: "
                        + "results arrive intact.")
                .proves("slow and fragmented links deliver intact results (checksummed) without errors")
                .workload(Workload.of(standardLane(s(7.8).plus(RECOVERY_RUN))))
                .fault(s(1.5), s(3), new Bandwidth(50))
                .fault(s(4.8), s(3), new Slicer(64, 32, Duration.ofNanos(200_000), Direction.DOWNSTREAM))
                .criterion(Criteria.resultsIntact())
                .criterion(Criteria.noFailedOperations())
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.of("no retries and a 1 s socket timeout, under a link that stalls for 3 s",
                                c -> c.withResilience(ResilienceConfig.custom().retriesEnabled(false).build(),
                                        "weakened variant: no retries").withUrlParameter("socketTimeout", "1",
                                        "weakened variant: gives up on a stalled link after 1 s"))
                        .workload(Workload.of(standardLane(s(6))))
                        .fault(s(1.5), s(3), new Bandwidth(0))
                        .mustFail("failed operations"))
                .build();
    }

    /** Connections cut after a number of bytes. */
    public static Scenario limitData() {
        return Scenario.builder("limit-data")
                .title("Connection cut mid-result")
                .description("limit_data 12 KB downstream for 3 s: each connection is cut in the middle of a result "
                        + "after a few reads. The failure is classified as a broken connection and retried.")
                .proves("a result cut off mid-stream is classified as a broken connection, evicted and retried, "
                        + "never returned as data")
                .workload(Workload.of(standardLane(s(8))))
                .fault(s(2), s(3), new LimitData(12_000, Direction.DOWNSTREAM))
                .criterion(Criteria.failuresClassified(Set.of("08"), "TRANSIENT"))
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.resultsIntact())
                .criterion(Criteria.errorRateBelow(1))
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.recoveredAtTheLimit())
                // the weakened pool under limit_data 4 KB (the scenario's 12 KB cut each pooled connection once or
                // twice: 10 failed of 1053 operations, 0.95 %, on a slow machine, so the error rate could pass)
                .weakenedBy(Weakening.weakenedPool().fault(s(2), s(3), new LimitData(4_000, Direction.DOWNSTREAM))
                        .mustFail("retries", "error rate after retries"))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ database

    /** A fast restart of the database. */
    public static Scenario databaseRestart() {
        return Scenario.builder("database-restart")
                .title("Database restart")
                .description("Fast shutdown and start of PostgreSQL under load: the pool recovers, and a restart "
                        + "within the retry budget causes no fallback.")
                .proves("a fast database restart is masked by retries: the pool reconnects, no fallback, no failed "
                        + "operation")
                .workload(Workload.of(standardLane(s(9))))
                .fault(s(2), Duration.ZERO, new DatabaseRestart())
                .criterion(Criteria.failuresClassified(Set.of("57P", "08"), "TRANSIENT"))
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.errorRateBelow(1))
                .criterion(Criteria.recoveredWithin(s(6)))
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.weakenedPool().mustFail("retries"))
                .build();
    }

    /** The pool's backends terminated by the server. */
    public static Scenario backendTermination() {
        return Scenario.builder("backend-termination")
                .title("Backend termination")
                .description("pg_terminate_backend on every backend of the pool, twice: the broken connections are "
                        + "evicted and the operations retried.")
                .proves("terminated backends (57P01) are evicted and retried without a failed operation")
                .workload(Workload.of(standardLane(s(7))))
                .fault(s(2), Duration.ZERO, new TerminateBackends())
                .fault(s(4.5), Duration.ZERO, new TerminateBackends())
                .criterion(Criteria.failuresClassified(Set.of("57P01", "08"), "TRANSIENT"))
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.noFailedOperations())
                .criterion(Criteria.noFailuresAfterRemoval(Duration.ofMillis(1500)))
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.weakenedPool().mustFail("retries", "failed operations"))
                .build();
    }

    /** Load beyond the pool's size. */
    public static Scenario poolExhaustion() {
        return poolExhaustion(Design.seed());
    }

    /**
     * pool-exhaustion on {@code design}: {@link #exhaustionHolders(Design)} slow queries (one per connection: the
     * seed's 15) hold the whole pool for pool_timeout + 2.5 s (the seed's 12.5 s), so 5 more requests wait out the
     * design's pool_timeout; each wait must end within pool_timeout + 1 s (the seed's 11 s).
     */
    static Scenario poolExhaustion(Design design) {
        int pool = exhaustionHolders(design);
        Duration poolTimeout = design.poolTimeout();
        Duration hold = poolTimeout.plus(s(2.5));
        boolean seedPool = pool == 15;
        return Scenario.builder("pool-exhaustion")
                .title("Pool exhaustion")
                .description("The seed's 50 concurrent requests on a " + pool + "-connection pool all succeed; then "
                        + pool + " slow queries hold every connection past pool_timeout (" + poolTimeout.toSeconds()
                        + " s), and 5 more requests get classified pool-exhausted errors after a bounded wait "
                        + "(retried as far as the retry budget allows)."
                        + (seedPool ? "" : " The slow queries follow the design's connection_limit (seed: 15)."))
                .proves("50 concurrent requests fit a " + pool + "-connection pool; beyond it, waits are bounded by "
                        + "pool_timeout and classified POOL_EXHAUSTED")
                .minimumWorkers(pool, pool + " slow queries must hold every connection of the " + pool
                        + "-connection pool at once")
                .workload(new Workload(List.of(
                        lane("burst", 50, Duration.ZERO, s(3)).maxOperations(50).op(Operations.read("burst-read"), 1)
                                .build(),
                        Workload.Lane.named("hold").startAt(s(3)).concurrency(pool).maxOperations(pool)
                                .duration(s(1)).pacing(Duration.ZERO).op(Operations.sleep("slow-query", hold), 1)
                                .build(),
                        Workload.Lane.named("wait").startAt(s(4)).concurrency(5).maxOperations(5)
                                .duration(s(1)).pacing(Duration.ZERO).op(Operations.read("waiting-read"), 1)
                                .build())))
                .tail(hold)
                .criterion(Criteria.noFailedOperations("burst-read"))
                .criterion(Criteria.successfulOperationsAtLeast("burst-read", 50))
                .criterion(Criteria.poolTimeoutsBounded(poolTimeout.plus(s(1))))
                .criterion(Criteria.failuresOnlyOfClass("waiting-read", "POOL_EXHAUSTED"))
                .criterion(Criteria.noFailedOperations("slow-query"))
                .weakenedBy(Weakening.of("a 5-connection pool with pool_timeout 1 s and no retries, for " + pool
                                + " slow queries", c -> c.withUrlParameter("connection_limit", "5", "weakened variant: "
                                + "a pool too small for the slow queries").withUrlParameter("pool_timeout", "1",
                                "weakened variant: a short wait").withResilience(ResilienceConfig.custom()
                                .retriesEnabled(false).build(), "weakened variant: no retries"))
                        .workload(new Workload(List.of(
                                lane("burst", 50, Duration.ZERO, s(3)).maxOperations(50)
                                        .op(Operations.read("burst-read"), 1).build(),
                                Workload.Lane.named("hold").startAt(s(3)).concurrency(Math.max(15, pool))
                                        .maxOperations(Math.max(15, pool)).duration(s(1)).pacing(Duration.ZERO)
                                        .op(Operations.sleep("slow-query", s(3)), 1).build())))
                        .tail(s(2))
                        .mustFail("failed operations (slow-query)"))
                .build();
    }

    /** The server refuses new sessions with 53300, longer than the seed's pool_timeout so callers see it. */
    public static Scenario tooManyConnections() {
        return tooManyConnections(Design.seed());
    }

    /**
     * too-many-connections on {@code design}: the refusal lasts 12 s (the seed's, 2 s beyond its 10 s pool_timeout),
     * or the design's pool_timeout + 2 s where that is longer, so the refusal always outlasts a borrower's wait and
     * reaches callers.
     */
    static Scenario tooManyConnections(Design design) {
        Duration poolTimeout = design.poolTimeout();
        Duration window = s(12).compareTo(poolTimeout.plus(s(2))) >= 0 ? s(12) : poolTimeout.plus(s(2));
        String timeout = design.isSeed() ? "the seed's 10 s pool_timeout"
                : "the design's " + poolTimeout.toSeconds() + " s pool_timeout";
        return Scenario.builder("too-many-connections")
                .title("Too many connections")
                .description("The application role's connection limit drops to 0 and its backends are terminated: "
                        + "reconnects get 53300 too_many_connections for " + window.toSeconds() + " s, longer than "
                        + timeout + " (HikariCP reports a refused connect only when a borrower's pool_timeout "
                        + "expires). Callers see it classified and retried with backoff; the limit is restored "
                        + "afterwards. too-many-connections-short-pool-timeout runs a 2 s pool_timeout.")
                .proves("with " + timeout + ", 53300 at connect reaches callers classified (pool-exhausted, "
                        + "SQLState 53300), is retried with backoff, and the pool recovers within 8 s")
                .workload(Workload.of(standardLane(window.plus(s(4)))))
                .fault(s(2), window, new ConnectionLimit(0))
                .fault(s(2.1), Duration.ZERO, new TerminateBackends())
                .tail(s(1))
                .criterion(Criteria.failuresClassified(Set.of("53300"), "POOL_EXHAUSTED"))
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.retrySuccessAbove(95))
                .criterion(Criteria.recoveredWithin(s(8)))
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.weakenedPool()
                        .mustFail("retries"))
                .build();
    }

    /** 53300 for 4 s against a 2 s pool_timeout, so the refusal reaches callers inside a short window. */
    public static Scenario tooManyConnectionsShortPoolTimeout() {
        ScenarioConfig config = ScenarioConfig.seedPlan().withUrlParameter("pool_timeout", "2",
                "HikariCP reports a refused connect only when a borrower's pool_timeout expires; 2 s (seed: 10 s) lets"
                        + " 53300 reach callers inside a 4 s window");
        return Scenario.builder("too-many-connections-short-pool-timeout")
                .title("Too many connections (2 s pool_timeout, not the seed's)")
                .description("The application role's connection limit drops to 0 and its backends are terminated: "
                        + "reconnects get 53300 too_many_connections for 4 s, with pool_timeout 2 s (seed: 10 s; see "
                        + "config.notes). Callers see it classified and retried with backoff; the limit is restored "
                        + "afterwards.")
                .proves("with a 2 s pool_timeout, 53300 at connect is classified (pool-exhausted, SQLState 53300) and "
                        + "retried with backoff, and the pool recovers within 8 s")
                .config(config)
                .workload(Workload.of(standardLane(s(10))))
                .fault(s(2), s(4), new ConnectionLimit(0))
                .fault(s(2.1), Duration.ZERO, new TerminateBackends())
                .tail(s(1))
                .criterion(Criteria.failuresClassified(Set.of("53300"), "POOL_EXHAUSTED"))
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.retrySuccessAbove(95))
                .criterion(Criteria.recoveredWithin(s(8)))
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.weakenedPool().mustFail("retries"))
                .build();
    }

    /** Queries cancelled by statement_timeout. */
    public static Scenario statementTimeout() {
        ScenarioConfig config = ScenarioConfig.seedPlan().withUrlParameter("statement_timeout", "1000",
                "statement_timeout 1 s (seed: 30 s), so slow queries hit it in a short run");
        return Scenario.builder("statement-timeout")
                .title("Statement timeout")
                .description("Queries running 1.5 s against a 1 s statement_timeout: 57014 is not retried (the same "
                        + "query would time out again) and the connection stays in the pool.")
                .proves("57014 query_canceled is not retried and does not evict the connection")
                .config(config)
                .workload(new Workload(List.of(standardLane(s(7)),
                        lane("slow", 2, Duration.ofMillis(2000), s(7))
                                .op(Operations.sleep("slow-query", s(1.5)), 1).build())))
                .hook(Hooks.backendsKept())
                .criterion(Criteria.failuresClassified(Set.of("57014"), "PERMANENT"))
                .criterion(Criteria.notRetried("PERMANENT"))
                .criterion(Criteria.verified(Hooks.BACKENDS_KEPT, "connections kept in the pool",
                        "same backends before and after"))
                .criterion(Criteria.errorRateBelow(1, "read"))
                .weakenedBy(Weakening.fault("the pool's backends terminated mid-run: connections cannot be kept")
                        .fault(s(3), Duration.ZERO, new TerminateBackends())
                        .mustFail("connections kept in the pool"))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ writes

    /** Acknowledged writes across resets and outages. */
    public static Scenario writeSafety() {
        return Scenario.builder("write-safety")
                .title("Write safety")
                .description("At least 10 000 acknowledged inserts under an idempotency key across connection "
                        + "resets, a proxy outage and terminated backends: each is stored exactly once, none is "
                        + "lost (checked through the admin connection).")
                .proves("no acknowledged write is lost or duplicated across resets and outages")
                .workload(Workload.of(lane("writes", 8, Duration.ofMillis(5), s(25)).maxOperations(10_300)
                        .op(Operations.write(), 1).build()))
                .fault(s(1), s(0.5), new ResetPeer(Duration.ZERO, Direction.UPSTREAM))
                .fault(s(2.5), s(1.5), new ProxyDown())
                .fault(s(5), Duration.ZERO, new TerminateBackends())
                .hook(Hooks.writesStoredExactlyOnce())
                .criterion(Criteria.successfulOperationsAtLeast("write", 10_000))
                .criterion(Criteria.verified(Verifications.WRITES_PRESENT, "acknowledged writes stored exactly once",
                        "0 lost, 0 duplicated"))
                .criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.errorRateBelow(1))
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.weakenedPool()
                        .workload(Workload.of(lane("writes", 8, Duration.ofMillis(5), s(5)).op(Operations.write(), 1)
                                .build()))
                        .fault(s(1), s(1.5), new ResetPeer(Duration.ZERO, Direction.UPSTREAM))
                        .fault(s(3), s(1.5), new ProxyDown())
                        .mustFail("retries"))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ budget, check

    /** retry-budget's flap: down 2 s of every 3 s, in percent (its bound on the failed share while it flaps). */
    static final double FLAP_DOWN_SHARE_PERCENT = 100.0 * 2 / 3;

    /** Why the proxy flaps instead of a reset_peer at toxicity 0.5 (measured, see the note's figures). */
    private static final String FLAPPING_NOTE = "partial fault: a flapping proxy, not reset_peer at toxicity 0.5 as"
            + " first planned. Measured (seed 20261127, 60 callers at 1 read/s, reset_peer upstream timeout 0 toxicity"
            + " 0.5 re-armed every second for 9 s): 22 retries for 780 operations (2.8 %) even without a budget, far"
            + " under the 0.2 x calls + 3/s budget, so the weakened pool passed and the scenario could not"
            + " fail. Toxicity is drawn once per connection and stream: the pool keeps reusing the few"
            + " connections the draw spared, and reset new connections fail inside the pool's own"
            + " connection attempts, not as operation attempts.";

    /** A sustained partial fault against the seed plan's settings: the retry budget must hold. */
    public static Scenario retryBudget() {
        return retryBudget(Design.seed());
    }

    /** retry-budget judged against {@code design}'s own retry budget (the seed's where the design has none). */
    static Scenario retryBudget(Design design) {
        // the flapping note stays out of config.notes here: notes list departures, and this is the seed's design.
        // With the seed's 10 s pool_timeout the flapping proxy drew 1-2 retries in two runs, so a pool without the
        // budget passed too (measured): its weakened variant also shortens pool_timeout (see retryBudget below).
        return retryBudget("retry-budget", "Retry budget", ScenarioConfig.seedPlan(), false, design,
                "against the seed plan's settings (pool_timeout 10 s). retry-budget-short-pool-timeout runs a 1 s "
                        + "pool_timeout, so every attempt of a down phase fails within a second.");
    }

    /** The same partial fault with pool_timeout 1 s: the retry demand, not the pool wait, faces the budget. */
    public static Scenario retryBudgetShortPoolTimeout() {
        return retryBudgetShortPoolTimeout(Design.seed());
    }

    /** retry-budget-short-pool-timeout judged against {@code design}'s own retry budget. */
    static Scenario retryBudgetShortPoolTimeout(Design design) {
        ScenarioConfig config = ScenarioConfig.seedPlan().withUrlParameter("pool_timeout", "1",
                "pool_timeout 1 s (seed: 10 s), so that every attempt during a down phase fails within a second and"
                        + " the retry demand, not the pool wait, is what the budget faces")
                .withNote(FLAPPING_NOTE);
        return retryBudget("retry-budget-short-pool-timeout", "Retry budget (1 s pool_timeout, not the seed's)",
                config, true, design, "with pool_timeout 1 s (seed: 10 s; see config.notes), so every attempt of a down phase "
                        + "fails within a second and the retry demand, not the pool wait, faces the budget.");
    }

    private static Scenario retryBudget(String id, String title, ScenarioConfig config, boolean weakenable,
                                        Design underTest, String design) {
        // the bound is the design's own budget; a design without one is held to the seed plan's (a retry storm is
        // judged the same way, and the description says so)
        ResilienceConfig own = underTest.resilience();
        ResilienceConfig d = own.budgetEnabled() ? own : ResilienceConfig.ofDefaults();
        String bound = String.format(java.util.Locale.ROOT, "%.0f %% of calls + %d/s", d.budgetRatio() * 100,
                d.budgetMinRetriesPerSecond()) + (own.budgetEnabled() ? "" : ", the seed plan's: the design under test"
                + " has no retry budget of its own");
        Scenario.Builder b = Scenario.builder(id)
                .title(title)
                .description("A sustained partial fault: the proxy flaps, down 2 s and up 1 s, for 9 s, under 60 "
                        + "callers issuing one read a second each, " + design + " Total retries stay within the "
                        + "shared budget: no retry storm. (A reset_peer at toxicity 0.5 was measured and rejected: "
                        + "toxicity is drawn per connection, the pool keeps the spared connections, and even without "
                        + "a budget retries stayed far under it: 22 for 780 operations.)")
                .proves("under a sustained partial fault retries stay within the shared budget (" + bound + "): "
                        + "no retry storm")
                .config(config)
                .workload(Workload.of(lane("main", 60, Duration.ofMillis(1000), s(13))
                        .op(Operations.read(), 1).build()));
        for (int i = 0; i < 3; i++) {
            b.fault(s(2 + i * 3), s(2), new ProxyDown());
        }
        b.criterion(Criteria.retriesAtLeast(1))
                .criterion(Criteria.retriesWithinBudget(d.budgetRatio(), d.budgetMinRetriesPerSecond(),
                        d.budgetWindow()))
                .criterion(Criteria.errorRateWhileFaultedBelow(FLAP_DOWN_SHARE_PERCENT, "the proxy's down share: it is "
                        + "down 2 s of every 3 s, so with no retry at all about that share of the operations started "
                        + "while it flaps fail; retries within the budget must leave fewer"));
        // recovery at the limit: the up phases between the outages last 1 s, so after the first two the p99 part is
        // not measurable (a by-start window ends before the next fault window; it missed in 5 of 8 focused runs when
        // windows reached into the next down phase) and the first success is judged there; after the last outage both
        // are. A staging run capped at 8 workers starts 8 reads a second, too few for a window: it is not judged there
        // (Scenario.adaptedTo says so).
        b.criterion(Criteria.recoveredAtTheLimit());
        if (weakenable) {
            b.weakenedBy(Weakening.of("no retry budget", c -> c.withResilience(ResilienceConfig.from(
                    c.resilience()).budgetEnabled(false).build(), "deliberately weakened pool: no retry budget, "
                    + "so retries must exceed it")).mustFail("retries within the budget"));
        } else {
            // with the seed's 10 s pool_timeout the pool wait, not retries, dominates (1-2 retries per run, measured),
            // so removing the budget alone cannot fail it: the weakened design also fails attempts within a second
            b.weakenedBy(Weakening.of("no retry budget and pool_timeout 1 s", c -> c.withUrlParameter("pool_timeout",
                    "1", "weakened: attempts of a down phase fail within a second, so the retry demand meets no "
                            + "budget").withResilience(ResilienceConfig.from(c.resilience()).budgetEnabled(false)
                    .build(), "deliberately weakened pool: no retry budget, so retries must exceed it"))
                    .mustFail("retries within the budget"));
        }
        return b.build();
    }

    /** The seed plan's availability check under a brief fault. */
    public static Scenario availabilityCheck() {
        return Scenario.builder("availability-check")
                .title("Availability check")
                .description("isDatabaseAvailable() runs continually while the proxy is down for 2 s: it says "
                        + "available within 3 attempts, each attempt within 10 s.")
                .proves("the availability check rides out a brief fault: available within 3 attempts of at most "
                        + "10 s each")
                .workload(new Workload(List.of(standardLane(s(8)),
                        lane("checks", 2, Duration.ofMillis(500), s(8)).op(Operations.availabilityCheck(), 1)
                                .build())))
                .fault(s(2.6), s(2), new ProxyDown())
                .criterion(Criteria.availabilityWithin(3, Duration.ofSeconds(10)))
                .criterion(Criteria.availabilityCheckedDuringFault())
                .criterion(Criteria.noFallbacks())
                .criterion(Criteria.recoveredAtTheLimit())
                .weakenedBy(Weakening.of("availability check of 3 × 300 ms with 50 ms backoff (seed: 3 × 10 s, "
                                + "1 s/2 s): it gives up inside the 2 s outage", c -> c.withAvailability(
                                AvailabilityConfig.ofDefaults().withAttemptTimeout(Duration.ofMillis(300))
                                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(50)),
                                "weakened variant: a check too impatient for a brief fault"))
                        .mustFail("availability check"))
                .build();
    }
}
