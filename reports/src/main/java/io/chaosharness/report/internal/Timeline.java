package io.chaosharness.report.internal;

import java.util.List;

/**
 * A scenario's timeline reduced to fixed-width buckets, small enough to inline into the page. Offsets are seconds
 * from the scenario's start; list entries are per bucket; a {@code null} entry means "no sample in this bucket".
 *
 * @param bucketSeconds      width of one bucket
 * @param startS             offset of the first bucket's start
 * @param latencySource      {@code operation} (the caller's view) or {@code attempt}; {@code null} without latencies
 * @param p50                latency percentiles per bucket, ms
 * @param failures           failed operations per bucket (failed attempts when the timeline has no operations)
 * @param failedAttempts     failed physical attempts per bucket
 * @param breaker            worst breaker state per bucket: 0 closed, 1 half-open, 2 open; {@code null} list when
 *                           the timeline has no breaker transitions
 */
public record Timeline(double bucketSeconds, double startS, String latencySource,
                       List<Double> p50, List<Double> p95, List<Double> p99,
                       List<Integer> operations, List<Integer> failures, List<Integer> failedAttempts,
                       List<Integer> fallbacks, List<Integer> retries, List<Integer> budgetRefusals,
                       List<Integer> poolTimeouts, List<Integer> availabilityFailures,
                       List<Integer> poolActive, List<Integer> poolIdle, List<Integer> poolWaiting,
                       List<Integer> poolTotal, Integer poolMax, List<Integer> breaker,
                       List<FaultWindow> faultWindows, List<BreakerTransition> breakerTransitions,
                       List<FailureReason> failureReasons, long events, long skippedEvents, String firstSkipReason) {

    /** A fault window as it happened (from fault events) or as scheduled when the timeline has none. */
    public record FaultWindow(String id, String kind, String description, double fromS, Double toS) {
    }

    /** One breaker state change. */
    public record BreakerTransition(double atS, String breaker, String from, String to) {
    }

    /** A kind of failure and how often it occurred (masked). */
    public record FailureReason(String reason, long count) {
    }

    /** Number of buckets. */
    public int size() {
        return operations.size();
    }
}
