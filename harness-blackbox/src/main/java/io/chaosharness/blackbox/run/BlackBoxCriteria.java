package io.chaosharness.blackbox.run;

import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.Criteria;
import io.chaosharness.scenario.Criterion;
import io.chaosharness.scenario.ObservedFault;
import io.chaosharness.scenario.RunTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The criteria only a black box needs, judged from the timeline like the catalogue's ({@link Criteria}). The health
 * endpoint's probes are on the timeline as {@link AvailabilityCheckEvent}s (attempt 1; {@code available} is what the
 * endpoint reported, {@code latencyMs} its latency from the probe's planned time, {@code message} the request and
 * status), since over HTTP the health endpoint is the application's availability check.
 */
public final class BlackBoxCriteria {

    /** The seed plan's criterion id for the health endpoint's latency (docs/result-schema.md). */
    public static final String SEED_HEALTH_LATENCY = "health-endpoint-latency";
    /** How long after a fault that makes the database unreachable the health endpoint may still say "up". */
    public static final Duration DOWN_GRACE = Duration.ofSeconds(1);
    /**
     * How long after a fault's removal the health endpoint may still say "down": health derived from recent requests
     * (the reference design's judges the last 3 s) lags by that much.
     */
    public static final Duration UP_GRACE = Duration.ofSeconds(3);
    /** Fault kinds under which the database cannot be reached at all: health must say so. */
    public static final Set<String> UNREACHABLE = Set.of("proxy-down", "timeout", "connection-cut",
            "database-restart");

    private BlackBoxCriteria() {
    }

    /** Every health probe answered within {@code target} of its planned time (the seed plan: 500 ms). */
    public static Criterion healthLatencyWithin(Duration target) {
        String name = "health endpoint latency";
        String targetText = "every probe ≤ " + target.toMillis() + " ms";
        return Criteria.of(name, SEED_HEALTH_LATENCY, targetText, target.isZero() || target.isNegative()
                ? "must be positive, but was " + target.toMillis() + " ms" : null, t -> {
            List<AvailabilityCheckEvent> probes = t.availabilityChecks();
            if (probes.isEmpty()) {
                return noData(name, SEED_HEALTH_LATENCY, targetText, "no health probe ended");
            }
            List<AvailabilityCheckEvent> sorted = new ArrayList<>(probes);
            sorted.sort(Comparator.comparingDouble(AvailabilityCheckEvent::latencyMs).reversed());
            double slowest = sorted.get(0).latencyMs();
            long over = probes.stream().filter(p -> p.latencyMs() > target.toMillis()).count();
            boolean ok = over == 0;
            List<String> worst = new ArrayList<>();
            for (AvailabilityCheckEvent p : sorted.subList(0, Math.min(3, sorted.size()))) {
                worst.add(t.offsetMs(p.at()) + " ms: " + fmt(p.latencyMs()) + " ms " + p.message() + faults(t, p.at()));
            }
            return result(name, SEED_HEALTH_LATENCY, targetText, "slowest " + fmt(slowest) + " ms, " + over + " of "
                    + probes.size() + " over", ok, slowest, target.toMillis(), ok ? null : "slowest: " + worst);
        });
    }

    /**
     * The health endpoint tells the truth: every probe that ended before the first fault, or began at least
     * {@link #UP_GRACE} after the last removal with no fault in force, reported "up"; and every probe that began at
     * least {@link #DOWN_GRACE} into a fault that makes the database unreachable ({@link #UNREACHABLE}) and ended
     * before its removal reported "down". Under faults that only degrade the path (latency, bandwidth) only the
     * "up" half is judged, and the measured text says so. Not measured when neither half has a probe.
     */
    public static Criterion healthTruthful() {
        String name = "health endpoint truthful";
        String target = "up without faults, down ≥ " + DOWN_GRACE.toMillis() + " ms into an outage (up again ≤ "
                + UP_GRACE.toMillis() + " ms after it)";
        return Criteria.of(name, null, target, t -> {
            List<AvailabilityCheckEvent> probes = t.availabilityChecks();
            if (probes.isEmpty()) {
                return noData(name, null, target, "no health probe ended");
            }
            List<ObservedFault> faults = t.faults();
            Instant firstApplied = faults.stream().map(ObservedFault::applied).min(Comparator.naturalOrder())
                    .orElse(null);
            int upJudged = 0;
            int downJudged = 0;
            List<String> lies = new ArrayList<>();
            for (AvailabilityCheckEvent p : probes) {
                Instant end = p.at();
                Instant start = end.minusNanos(Math.round(p.latencyMs() * 1_000_000));
                boolean clear = firstApplied == null ? true : end.isBefore(firstApplied)
                        || faults.stream().allMatch(f -> f.removed() != null
                        && !start.isBefore(f.removed().plus(UP_GRACE)));
                boolean inOutage = faults.stream().anyMatch(f -> UNREACHABLE.contains(f.kind())
                        && !start.isBefore(f.applied().plus(DOWN_GRACE))
                        && (f.removed() == null || end.isBefore(f.removed())));
                if (clear) {
                    upJudged++;
                    if (!p.available()) {
                        lies.add(t.offsetMs(end) + " ms: said down with no fault in force (" + p.message() + ")");
                    }
                } else if (inOutage) {
                    downJudged++;
                    if (p.available()) {
                        lies.add(t.offsetMs(end) + " ms: said up while the database was unreachable ("
                                + p.message() + faults(t, end) + ")");
                    }
                }
            }
            boolean anyOutage = faults.stream().anyMatch(f -> UNREACHABLE.contains(f.kind()));
            if (upJudged == 0 && downJudged == 0) {
                return noData(name, null, target, probes.size() + " probe(s), none clear of the faults' graces");
            }
            if (anyOutage && downJudged == 0) {
                return noData(name, null, target, "no probe inside an outage past its " + DOWN_GRACE.toMillis()
                        + " ms grace (" + probes.size() + " probe(s))");
            }
            String measured = lies.size() + " untrue of " + (upJudged + downJudged) + " judged (" + upJudged
                    + " should say up, " + downJudged + " should say down" + (anyOutage ? "" : "; no outage fault: "
                    + "only \"up\" judged") + ")";
            return result(name, null, target, measured, lies.isEmpty(), lies.size(), 0,
                    lies.isEmpty() ? null : "first: " + lies.subList(0, Math.min(3, lies.size())));
        });
    }

    /**
     * No emergency-admin session was granted: no response matched the spec's fallback recogniser (the seed plan: zero
     * emergency-admin fallbacks). The catalogue's {@link Criteria#noFallbacks()} under the same name, except for when
     * there is nothing to measure: over HTTP any request may fall back, so it is measured once a request has ended.
     */
    public static Criterion noGrantedFallbacks() {
        String name = "emergency-admin fallbacks";
        return Criteria.of(name, Criteria.SEED_FALLBACKS, "= 0 granted", t -> {
            if (t.operations().isEmpty()) {
                return noData(name, Criteria.SEED_FALLBACKS, "= 0 granted", "no request ended: nothing could fall back");
            }
            List<FallbackEvent> granted = t.fallbacks().stream().filter(FallbackEvent::granted).toList();
            java.util.Map<String, Long> byRequest = new java.util.TreeMap<>();
            granted.forEach(f -> byRequest.merge(f.principal(), 1L, Long::sum));
            return result(name, Criteria.SEED_FALLBACKS, "= 0 granted", granted.size() + " granted of "
                    + t.operations().size() + " requests", granted.isEmpty(), granted.size(), 0,
                    granted.isEmpty() ? null : "by request: " + byRequest + "; first at "
                            + t.offsetMs(granted.get(0).at()) + " ms" + faults(t, granted.get(0).at()));
        });
    }

    private static String faults(RunTimeline t, Instant at) {
        List<ObservedFault> f = t.faultsAt(at);
        return f.isEmpty() ? ", no fault in force" : ", faults in force: " + f.stream().map(ObservedFault::description)
                .toList();
    }

    private static CriterionResult result(String name, String seed, String target, String measured, boolean ok,
                                          double measuredValue, double targetValue, String detail) {
        return new CriterionResult(name, seed, target, measured, ok ? Verdict.PASS : Verdict.FAIL,
                Double.isFinite(measuredValue) ? Math.round(measuredValue * 100.0) / 100.0 : null,
                Double.isFinite(targetValue) ? targetValue : null, detail);
    }

    private static CriterionResult noData(String name, String seed, String target, String why) {
        return new CriterionResult(name, seed, target, "no data: " + why, Verdict.NOT_MEASURED, null, null,
                "the run produced nothing to judge this criterion by");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
