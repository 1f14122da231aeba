package io.chaosharness.report.internal;

import io.chaosharness.core.Secrets;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Buckets a scenario's timeline events, one at a time, into per-second cells, and at the end merges the cells into
 * at most {@link #MAX_BUCKETS} buckets of a round width (1 s, 2 s, 5 s, 10 s, ...). Memory grows with the number
 * of latency samples (8 bytes each) and the run's length in seconds, never with the JSON's size. Events may arrive
 * in any order. Not thread-safe.
 */
public final class TimelineAggregator {

    /** Upper bound on buckets per scenario, so 15 long scenarios still make a page of a few hundred KB. */
    public static final int MAX_BUCKETS = 600;
    private static final long[] WIDTHS_S = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400};
    private static final int MAX_REASONS = 8;
    private static final int MAX_REASON_LENGTH = 160;

    private final TreeMap<Long, Cell> cells = new TreeMap<>();
    private final List<Transition> transitions = new ArrayList<>();
    private final List<RawWindow> faultWindows = new ArrayList<>();
    private final Map<String, Long> reasons = new HashMap<>();
    private final LatencySample allOperationLatencies = new LatencySample();
    private final LatencySample allAttemptLatencies = new LatencySample();
    private Instant first;
    private Instant last;
    private long events;
    private long skipped;
    private String firstSkipReason;
    private long operations;
    private long failedOperations;
    private long attempts;
    private long failedAttempts;
    private long retries;
    private long refusals;
    private long fallbacks;
    private long fallbacksRefused;
    private long availabilityCheckFailures;
    private int maxWaiting = -1;
    private int poolSize = -1;
    private double maxUtilisation = -1;
    /** Attempt intervals as [start, end] in µs since the epoch, for the peak of attempts in flight. */
    private long[] attemptEdges = new long[256];
    private int attemptEdgeCount;

    /** Takes one event of the timeline; an unusable event is counted as skipped, never fatal. */
    public void accept(JsonNode event) {
        events++;
        try {
            acceptChecked(event);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            skipped++;
            if (firstSkipReason == null) {
                firstSkipReason = "event #" + events + ": " + Secrets.mask(e.getMessage());
            }
        }
    }

    private void acceptChecked(JsonNode e) {
        if (e == null || !e.isObject()) {
            throw new IllegalArgumentException("expected an object, but was " + (e == null ? "nothing" : e.getNodeType()));
        }
        String type = e.path("type").asText(null);
        if (type == null) {
            throw new IllegalArgumentException("type is missing");
        }
        String atText = e.path("at").asText(null);
        if (atText == null) {
            throw new IllegalArgumentException("at is missing on a '" + type + "' event");
        }
        Instant at;
        try {
            at = Instant.parse(atText);
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("at must be an ISO-8601 instant, but was '" + atText + "'");
        }
        if (first == null || at.isBefore(first)) {
            first = at;
        }
        if (last == null || at.isAfter(last)) {
            last = at;
        }
        Cell cell = cells.computeIfAbsent(Math.floorDiv(at.toEpochMilli(), 1000L), k -> new Cell());
        switch (type) {
            case "operation" -> {
                double latency = e.path("latencyMs").asDouble(Double.NaN);
                boolean ok = success(e);
                operations++;
                cell.operations++;
                if (!Double.isNaN(latency)) {
                    cell.operationLatencies.add(latency);
                    allOperationLatencies.add(latency);
                }
                if (!ok) {
                    failedOperations++;
                    cell.failedOperations++;
                }
            }
            case "attempt" -> {
                double latency = e.path("latencyMs").asDouble(Double.NaN);
                attempts++;
                cell.attempts++;
                if (!Double.isNaN(latency)) {
                    cell.attemptLatencies.add(latency);
                    allAttemptLatencies.add(latency);
                    long end = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
                    addAttemptInterval(end - Math.round(latency * 1000), end);
                }
                if (!success(e)) {
                    failedAttempts++;
                    cell.failedAttempts++;
                    countReason(e);
                }
            }
            case "retry" -> {
                retries++;
                cell.retries++;
            }
            case "budget-refusal" -> {
                refusals++;
                cell.budgetRefusals++;
            }
            case "pool-timeout" -> cell.poolTimeouts++;
            case "fallback" -> {
                // an emergency-admin fallback is a granted session; a refused break-glass attempt is counted apart
                if (e.path("granted").asBoolean(false)) {
                    fallbacks++;
                    cell.fallbacks++;
                } else {
                    fallbacksRefused++;
                }
            }
            case "availability-check" -> {
                if (!e.path("available").asBoolean(true)) {
                    cell.availabilityFailures++;
                    availabilityCheckFailures++;
                }
            }
            case "pool-gauge" -> {
                int active = e.path("active").asInt(0);
                int max = e.path("max").asInt(0);
                cell.active = Math.max(cell.active, active);
                cell.waiting = Math.max(cell.waiting, e.path("waiting").asInt(0));
                cell.total = Math.max(cell.total, e.path("total").asInt(0));
                cell.max = Math.max(cell.max, max);
                if (cell.idleAt == null || !at.isBefore(cell.idleAt)) {
                    cell.idle = e.path("idle").asInt(0);
                    cell.idleAt = at;
                }
                int waitingNow = e.path("waiting").asInt(0);
                maxWaiting = Math.max(maxWaiting, waitingNow);
                poolSize = Math.max(poolSize, max);
                if (max > 0) {
                    // demand on the pool: threads waiting for a connection are utilisation it could not serve
                    maxUtilisation = Math.max(maxUtilisation, (double) (active + waitingNow) / max);
                }
            }
            case "breaker-transition" -> transitions.add(new Transition(at, text(e, "breaker"), text(e, "from"), text(e, "to")));
            case "fault" -> {
                String id = e.path("faultId").asText("?");
                String phase = e.path("phase").asText("").toUpperCase(Locale.ROOT);
                if (phase.equals("APPLIED")) {
                    faultWindows.add(new RawWindow(id, text(e, "kind"), text(e, "description"), at));
                } else if (phase.equals("REMOVED")) {
                    for (int i = faultWindows.size() - 1; i >= 0; i--) {
                        RawWindow w = faultWindows.get(i);
                        if (w.id.equals(id) && w.to == null) {
                            w.to = at;
                            break;
                        }
                    }
                } else {
                    throw new IllegalArgumentException("phase must be APPLIED or REMOVED, but was '" + phase + "'");
                }
            }
            default -> {
                // note and unknown types: no series; readers ignore what they do not know
            }
        }
    }

    private static boolean success(JsonNode e) {
        return "SUCCESS".equalsIgnoreCase(e.path("outcome").asText("SUCCESS"));
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n == null || n.isNull() ? null : Secrets.mask(n.asText());
    }

    private void countReason(JsonNode e) {
        StringBuilder r = new StringBuilder();
        String failureClass = text(e, "failureClass");
        String sqlState = text(e, "sqlState");
        String message = text(e, "message");
        r.append(failureClass == null ? "FAILURE" : failureClass);
        if (sqlState != null) {
            r.append(" [").append(sqlState).append(']');
        }
        if (message != null) {
            // numbers vary per occurrence (ports, waited ms); fold them so equal causes group together
            String folded = message.replaceAll("\\d+", "#");
            r.append(": ").append(folded.length() > MAX_REASON_LENGTH ? folded.substring(0, MAX_REASON_LENGTH) + "…" : folded);
        }
        if (reasons.size() < 10_000 || reasons.containsKey(r.toString())) {
            reasons.merge(r.toString(), 1L, Long::sum);
        }
    }

    /** Events seen, skipped included. */
    public long events() {
        return events;
    }

    /** The earliest event's time, if any event was seen. */
    public Instant firstEventAt() {
        return first;
    }

    /** Headline numbers measured from the timeline. */
    public KeyFigures figures() {
        boolean ops = operations > 0;
        LatencySample lat = ops ? allOperationLatencies : allAttemptLatencies;
        long n = ops ? operations : attempts;
        long failed = ops ? failedOperations : failedAttempts;
        Double utilisation = maxUtilisation < 0 ? null : maxUtilisation;
        if (poolSize > 0) {
            utilisation = Math.max(utilisation == null ? 0 : utilisation, (double) peakAttemptsInFlight() / poolSize);
        }
        return new KeyFigures(n, failed, attempts, retries, refusals, fallbacks,
                lat.size() == 0 ? null : lat.sum() / lat.size(),
                lat.percentile(50), lat.percentile(95), lat.percentile(99),
                utilisation, fallbacksRefused, availabilityCheckFailures, maxWaiting < 0 ? null : (long) maxWaiting);
    }

    private void addAttemptInterval(long startMicros, long endMicros) {
        if (attemptEdgeCount + 2 > attemptEdges.length) {
            attemptEdges = java.util.Arrays.copyOf(attemptEdges, attemptEdges.length * 2);
        }
        // starts encoded even, ends odd: sorted, an end sorts before a start at the same instant
        attemptEdges[attemptEdgeCount++] = startMicros * 2 + 1;
        attemptEdges[attemptEdgeCount++] = endMicros * 2;
    }

    /** The most attempts in flight at once (overlap of {@code [at - latency, at]}); back-to-back ones do not overlap. */
    private int peakAttemptsInFlight() {
        long[] edges = java.util.Arrays.copyOf(attemptEdges, attemptEdgeCount);
        java.util.Arrays.sort(edges);
        int inFlight = 0;
        int peak = 0;
        for (long e : edges) {
            inFlight += (e & 1) == 1 ? 1 : -1;
            peak = Math.max(peak, inFlight);
        }
        return peak;
    }

    /**
     * Merges the cells into buckets.
     *
     * @param origin   the scenario's start (offset 0); the first event's time when {@code null}
     * @param endMs    the scenario's length, to extend the axis past the last event; may be {@code null}
     * @param schedule the fault schedule, used for shading only when the timeline holds no fault events
     */
    public Timeline finish(Instant origin, Long endMs, List<Timeline.FaultWindow> schedule) {
        Instant zero = origin != null ? origin : first;
        List<Timeline.FaultWindow> windows = new ArrayList<>();
        if (!faultWindows.isEmpty()) {
            for (RawWindow w : faultWindows) {
                Instant end = w.to != null ? w.to : last;
                windows.add(new Timeline.FaultWindow(w.id, w.kind, w.description, offsetS(zero, w.from),
                        end == null ? null : offsetS(zero, end)));
            }
        } else {
            windows.addAll(schedule);
        }
        List<Timeline.FailureReason> topReasons = reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_REASONS)
                .map(en -> new Timeline.FailureReason(en.getKey(), en.getValue()))
                .toList();
        transitions.sort(Comparator.comparing(t -> t.at));
        List<Timeline.BreakerTransition> breakerTransitions = transitions.stream()
                .map(t -> new Timeline.BreakerTransition(offsetS(zero, t.at), t.breaker, t.from, t.to)).toList();

        if (cells.isEmpty()) {
            return new Timeline(1, 0, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    null, null, windows, breakerTransitions, topReasons, events, skipped, firstSkipReason);
        }
        long zeroSecond = Math.floorDiv(zero.toEpochMilli(), 1000L);
        long firstKey = Math.min(cells.firstKey(), zeroSecond);
        long lastKey = cells.lastKey();
        if (endMs != null && endMs > 0) {
            lastKey = Math.max(lastKey, Math.floorDiv(zero.toEpochMilli() + endMs - 1, 1000L));
        }
        long spanS = lastKey - firstKey + 1;
        long width = WIDTHS_S[WIDTHS_S.length - 1];
        for (long w : WIDTHS_S) {
            if ((spanS + w - 1) / w <= MAX_BUCKETS) {
                width = w;
                break;
            }
        }
        int n = (int) ((spanS + width - 1) / width);
        Cell[] merged = new Cell[n];
        for (int i = 0; i < n; i++) {
            merged[i] = new Cell();
        }
        for (Map.Entry<Long, Cell> en : cells.entrySet()) {
            merged[(int) ((en.getKey() - firstKey) / width)].mergeFrom(en.getValue());
        }
        boolean ops = operations > 0;
        boolean anyLatency = ops ? allOperationLatencies.size() > 0 : allAttemptLatencies.size() > 0;
        boolean anyGauge = maxUtilisation >= 0 || cells.values().stream().anyMatch(c -> c.max >= 0);
        int poolMax = cells.values().stream().mapToInt(c -> c.max).max().orElse(-1);
        List<Double> p50 = new ArrayList<>(n);
        List<Double> p95 = new ArrayList<>(n);
        List<Double> p99 = new ArrayList<>(n);
        List<Integer> operationCounts = new ArrayList<>(n);
        List<Integer> failures = new ArrayList<>(n);
        List<Integer> failedAttemptCounts = new ArrayList<>(n);
        List<Integer> fallbackCounts = new ArrayList<>(n);
        List<Integer> retryCounts = new ArrayList<>(n);
        List<Integer> refusalCounts = new ArrayList<>(n);
        List<Integer> poolTimeoutCounts = new ArrayList<>(n);
        List<Integer> availabilityFailures = new ArrayList<>(n);
        List<Integer> active = new ArrayList<>(n);
        List<Integer> idle = new ArrayList<>(n);
        List<Integer> waiting = new ArrayList<>(n);
        List<Integer> total = new ArrayList<>(n);
        for (Cell c : merged) {
            LatencySample lat = ops ? c.operationLatencies : c.attemptLatencies;
            p50.add(round(lat.percentile(50)));
            p95.add(round(lat.percentile(95)));
            p99.add(round(lat.percentile(99)));
            operationCounts.add(ops ? c.operations : c.attempts);
            failures.add(ops ? c.failedOperations : c.failedAttempts);
            failedAttemptCounts.add(c.failedAttempts);
            fallbackCounts.add(c.fallbacks);
            retryCounts.add(c.retries);
            refusalCounts.add(c.budgetRefusals);
            poolTimeoutCounts.add(c.poolTimeouts);
            availabilityFailures.add(c.availabilityFailures);
            active.add(c.active < 0 ? null : c.active);
            idle.add(c.idle < 0 ? null : c.idle);
            waiting.add(c.waiting < 0 ? null : c.waiting);
            total.add(c.total < 0 ? null : c.total);
        }
        double startS = (firstKey * 1000.0 - zero.toEpochMilli()) / 1000.0;
        return new Timeline(width, startS, anyLatency ? (ops ? "operation" : "attempt") : null, p50, p95, p99,
                operationCounts, failures, failedAttemptCounts, fallbackCounts, retryCounts, refusalCounts,
                poolTimeoutCounts, availabilityFailures,
                anyGauge ? active : List.of(), anyGauge ? idle : List.of(), anyGauge ? waiting : List.of(),
                anyGauge ? total : List.of(), poolMax < 0 ? null : poolMax,
                breakerSeries(firstKey, width, n), windows, breakerTransitions, topReasons, events, skipped,
                firstSkipReason);
    }

    /** Worst breaker state within each bucket, carrying the state across buckets without transitions. */
    private List<Integer> breakerSeries(long firstKey, long width, int n) {
        if (transitions.isEmpty()) {
            return null;
        }
        List<Integer> out = new ArrayList<>(n);
        int state = level(transitions.get(0).from);
        int next = 0;
        for (int i = 0; i < n; i++) {
            long endMs = (firstKey + (i + 1) * width) * 1000L;
            int worst = state;
            while (next < transitions.size() && transitions.get(next).at.toEpochMilli() < endMs) {
                state = level(transitions.get(next).to);
                worst = Math.max(worst, state);
                next++;
            }
            out.add(worst);
        }
        return out;
    }

    /** 0 closed, 1 half-open, 2 open (Resilience4j's state names; forced-open counts as open). */
    static int level(String state) {
        if (state == null) {
            return 0;
        }
        String s = state.toUpperCase(Locale.ROOT).replace('-', '_');
        if (s.contains("HALF")) {
            return 1;
        }
        return s.contains("OPEN") ? 2 : 0;
    }

    private static double offsetS(Instant zero, Instant at) {
        return (at.toEpochMilli() - zero.toEpochMilli()) / 1000.0;
    }

    /** One decimal place is plenty for a chart and keeps the inlined JSON small. */
    static Double round(Double v) {
        return v == null ? null : Math.round(v * 10.0) / 10.0;
    }

    private static final class Cell {
        final LatencySample operationLatencies = new LatencySample();
        final LatencySample attemptLatencies = new LatencySample();
        int operations;
        int failedOperations;
        int attempts;
        int failedAttempts;
        int fallbacks;
        int retries;
        int budgetRefusals;
        int poolTimeouts;
        int availabilityFailures;
        int active = -1;
        int idle = -1;
        int waiting = -1;
        int total = -1;
        int max = -1;
        Instant idleAt;

        void mergeFrom(Cell o) {
            operationLatencies.addAll(o.operationLatencies);
            attemptLatencies.addAll(o.attemptLatencies);
            operations += o.operations;
            failedOperations += o.failedOperations;
            attempts += o.attempts;
            failedAttempts += o.failedAttempts;
            fallbacks += o.fallbacks;
            retries += o.retries;
            budgetRefusals += o.budgetRefusals;
            poolTimeouts += o.poolTimeouts;
            availabilityFailures += o.availabilityFailures;
            active = Math.max(active, o.active);
            waiting = Math.max(waiting, o.waiting);
            total = Math.max(total, o.total);
            max = Math.max(max, o.max);
            if (o.idle >= 0 && (idleAt == null || !o.idleAt.isBefore(idleAt))) {
                idle = o.idle;
                idleAt = o.idleAt;
            }
        }
    }

    private record Transition(Instant at, String breaker, String from, String to) {
    }

    private static final class RawWindow {
        final String id;
        final String kind;
        final String description;
        final Instant from;
        Instant to;

        RawWindow(String id, String kind, String description, Instant from) {
            this.id = id;
            this.kind = kind;
            this.description = description;
            this.from = from;
        }
    }
}
