package io.chaosharness.blackbox.run;

import io.chaosharness.chaos.ConnectionLimit;
import io.chaosharness.chaos.TerminateBackends;
import io.chaosharness.scenario.Criteria;
import io.chaosharness.scenario.Criterion;
import io.chaosharness.scenario.FaultStep;
import io.chaosharness.scenario.Scenario;
import io.chaosharness.scenario.ScenarioCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A catalogue scenario as it runs against an application judged from outside, over HTTP: the catalogue's fault
 * schedule and tail, the catalogue's criteria that an HTTP client can measure (latency, errors, granted fallbacks,
 * recovery: each request is one operation), plus what only a black box adds — the health endpoint's latency and
 * truthfulness, and recovery to a first success after each fault (the time to a p99 back under 100 ms is in the
 * result's recovery section, measured, as for every scenario). Criteria that read the application's internals (attempts,
 * retries, breaker, pool gauges, availability-check attempts, checksums) are not judged; {@link #notJudged()} says
 * which and why, and the result's {@code config.adaptations} carries it.
 *
 * <p>Which catalogue scenarios make sense for a black box is {@link #skipReason(String)}'s table: network faults on the
 * database path and database restarts do; the variants of the reference design's settings, and the scenarios whose
 * workload is SQL the harness supplies, do not.
 *
 * @param id          the catalogue id
 * @param title       the catalogue title
 * @param description what runs, in this run's terms
 * @param faults      the catalogue's fault schedule, offsets from the workload's start
 * @param workload    how long the journeys run (the catalogue's workload length unless the spec sets one)
 * @param tail        time kept after the workload and the last fault window
 * @param criteria    what is judged
 * @param notJudged   one line per catalogue criterion left out, with the reason
 */
public record BlackBoxScenario(String id, String title, String description, List<FaultStep> faults,
                               Duration workload, Duration tail, List<Criterion> criteria, List<String> notJudged) {

    /** A recovered database: the first request that succeeds after a fault's removal, within this. */
    public static final Duration FIRST_SUCCESS_TARGET = Duration.ofSeconds(5);

    private static final String FALLBACKS = "emergency-admin fallbacks";
    private static final String AT_THE_LIMIT = "recovery at the limit";

    /** Catalogue criteria (by name) an HTTP client measures as well as the runner does from inside. */
    private static final Set<String> MEASURABLE = Set.of("p99 operation latency", "average operation latency",
            "median slowdown under the fault", "error rate after retries", "failed operations",
            "operations failed while the faults are in force",
            "every operation ends within its bounds", "recovery to first success",
            "first failed operation after the outage began", "first emergency-login fallback after the outage began");

    private static final String SETTINGS_VARIANT = "a variant of the reference design's settings (shortened "
            + "timeouts); an application has its own settings, judged by the catalogue id";
    private static final String SQL_WORKLOAD = "its workload is SQL the harness supplies (slow queries, statement "
            + "timeouts, ledgered writes), which an application's HTTP journeys cannot carry";

    /** Catalogue scenarios that make no sense for a black box, with the reason. */
    private static final Map<String, String> SKIPPED = Map.of(
            "long-outage-fast-fail", SETTINGS_VARIANT,
            "blackhole-short-socket-timeout", SETTINGS_VARIANT,
            "too-many-connections-short-pool-timeout", SETTINGS_VARIANT,
            "retry-budget-short-pool-timeout", SETTINGS_VARIANT,
            "pool-exhaustion", SQL_WORKLOAD,
            "statement-timeout", SQL_WORKLOAD,
            "write-safety", SQL_WORKLOAD,
            "availability-check", "it judges the reference design's availability-check attempts, which happen inside "
                    + "an application; over HTTP its health endpoint is judged in every scenario instead");

    public BlackBoxScenario {
        Objects.requireNonNull(id, "id");
        faults = List.copyOf(faults);
        criteria = List.copyOf(criteria);
        notJudged = List.copyOf(notJudged);
        Duration lastFault = Duration.ZERO;
        for (FaultStep f : faults) {
            lastFault = f.end().compareTo(lastFault) > 0 ? f.end() : lastFault;
        }
        if (workload.compareTo(lastFault) < 0) {
            throw new IllegalArgumentException(id + ": the journeys' duration must cover the fault schedule (the last "
                    + "fault ends at " + lastFault.toMillis() + " ms), but was " + workload.toMillis() + " ms");
        }
    }

    /**
     * Why catalogue scenario {@code id} does not run against a black box, or empty if it does. Database-level faults
     * that would reach connections other than the application's (terminating backends, a role's connection limit) are
     * left out as well: the harness cannot tell the application's backends from the database's other clients.
     */
    public static Optional<String> skipReason(String id) {
        if (SKIPPED.containsKey(id)) {
            return Optional.of(SKIPPED.get(id));
        }
        Optional<Scenario> s = ScenarioCatalog.byId(id);
        if (s.isEmpty()) {
            return Optional.of("no catalogue scenario has the id '" + id + "'");
        }
        for (FaultStep f : s.get().faults()) {
            if (f.fault() instanceof TerminateBackends || f.fault() instanceof ConnectionLimit) {
                return Optional.of("its fault (" + f.fault().kind() + ") acts on database backends by the harness's "
                        + "own application_name or role, and an application's connections carry its own");
            }
        }
        return Optional.empty();
    }

    /**
     * Catalogue scenario {@code s} for a black box whose journeys run for {@code workload} (empty: the catalogue's
     * workload length, so the fault schedule keeps its shape). {@code healthLatencyTarget} is empty when the spec names
     * no health endpoint: the health criteria are then not judged, and {@link #notJudged()} says so.
     *
     * @throws IllegalArgumentException if {@code s} is one {@link #skipReason} rules out, or {@code workload} ends
     *                                  before the last fault window
     */
    public static BlackBoxScenario of(Scenario s, Optional<Duration> workload, Optional<Duration> healthLatencyTarget,
                                      boolean recognisesFallbacks) {
        Optional<String> skip = skipReason(s.id());
        if (skip.isPresent()) {
            throw new IllegalArgumentException(s.id() + " does not run against a black box: " + skip.get());
        }
        List<Criterion> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Criterion c : s.criteria()) {
            if (c.name().equals(FALLBACKS) && !recognisesFallbacks) {
                dropped.add("criterion '" + c.name() + "' not judged: the spec says no way to recognise a fallback "
                        + "response (fallback:)");
            } else if (c.name().equals(FALLBACKS)) {
                kept.add(BlackBoxCriteria.noGrantedFallbacks());
            } else if (c.name().equals(AT_THE_LIMIT)) {
                dropped.add("criterion '" + c.name() + "' not judged: it is issue 17's target for the reference "
                        + "design (first success within 100 ms of the database accepting connections again); a black "
                        + "box is held to 'recovery to first success' (≤ " + FIRST_SUCCESS_TARGET.toSeconds()
                        + " s) instead");
            } else if (MEASURABLE.contains(c.name())) {
                kept.add(c);
            } else {
                dropped.add("criterion '" + c.name() + "' " + c.target() + " not judged: it reads the application's "
                        + "internals (attempts, retries, breaker, pool, checksums), which HTTP does not show");
            }
        }
        if (healthLatencyTarget.isPresent()) {
            kept.add(BlackBoxCriteria.healthLatencyWithin(healthLatencyTarget.get()));
            kept.add(BlackBoxCriteria.healthTruthful());
        } else {
            dropped.add("health endpoint latency and truthfulness not judged: the spec names no health endpoint");
        }
        if (!s.faults().isEmpty()) {
            if (kept.stream().noneMatch(c -> c.name().equals("recovery to first success"))) {
                kept.add(Criteria.recoveredWithin(FIRST_SUCCESS_TARGET));
            }
        }
        Duration length = workload.orElse(s.workload().end());
        String description = s.description() + " Judged from outside over HTTP: every request of the spec's journeys "
                + "is one operation (latency from its planned time), fallbacks are the responses the spec's "
                + "recogniser matches, and the health endpoint is probed throughout"
                + (dropped.isEmpty() ? "." : "; " + dropped.size() + " catalogue criteria not judged (see "
                + "config.adaptations).");
        return new BlackBoxScenario(s.id(), s.title(), description, s.faults(), length, s.tail(), kept, dropped);
    }

    /** How long the run is planned to take: the later of the workload's and the faults' end, plus the tail. */
    public Duration plannedDuration() {
        Duration end = workload;
        for (FaultStep f : faults) {
            end = f.end().compareTo(end) > 0 ? f.end() : end;
        }
        return end.plus(tail);
    }
}
