package io.chaosharness.result;

/**
 * Key figures of one run ({@code summary} in the result file). Latencies are the caller's view (operation events:
 * retries and backoff included) of successful and failed operations alike. Writers fill every figure; a reader leaves
 * {@code null} where a file lacks one (older files lack the members marked additive).
 *
 * @param operations      logical operations that ended
 * @param failed          of which failed as seen by the caller
 * @param attempts        physical attempts
 * @param retries         retries scheduled
 * @param budgetRefusals  retries the budget refused
 * @param fallbacks       emergency-admin fallbacks engaged
 * @param avgMs           mean operation latency
 * @param maxUtilisation  highest sampled active/max
 * @param maxMs           slowest operation (additive to schema v1)
 * @param poolTimeouts    pool timeouts (additive to schema v1)
 * @param breakerOpenings transitions of the breaker to {@code OPEN} (additive to schema v1)
 * @param errorRate       failed / operations, 0..1 (additive to schema v1)
 */
public record Summary(Long operations, Long failed, Long attempts, Long retries, Long budgetRefusals, Long fallbacks,
                      Double avgMs, Double p50Ms, Double p95Ms, Double p99Ms, Double maxUtilisation, Double maxMs,
                      Long poolTimeouts, Long breakerOpenings, Double errorRate) {
}
