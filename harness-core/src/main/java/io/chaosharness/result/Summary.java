package io.chaosharness.result;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param fallbacks       emergency-admin sessions granted ({@code FallbackEvent.granted}); refused break-glass
 *                        attempts are {@code fallbacksRefused}, not counted here
 * @param avgMs           mean operation latency
 * @param maxUtilisation  peak demand on the pool, 0..: the larger of the most attempts in flight at once (timeline)
 *                        and the pool's sampled {@code active + waiting}, over its maximum size; above 1 when threads
 *                        queue for a connection (20 waiting on a dead 15-connection pool is 133 %, never 0 %)
 * @param maxMs           slowest operation (additive to schema v1)
 * @param poolTimeouts    pool timeouts (additive to schema v1)
 * @param breakerOpenings transitions of the breaker to {@code OPEN} (additive to schema v1)
 * @param errorRate       failed / operations, 0..1 (additive to schema v1)
 * @param fallbacksRefused          logins that reached the emergency-admin fallback and were refused a session
 *                                  (not the break-glass credential) (additive to schema v1)
 * @param availabilityCheckFailures availability-check attempts that failed (additive to schema v1)
 * @param maxWaiting                most threads the pool's gauge saw waiting for a connection (additive to schema v1)
 */
public record Summary(Long operations, Long failed, Long attempts, Long retries, Long budgetRefusals, Long fallbacks,
                      Double avgMs, Double p50Ms, Double p95Ms, Double p99Ms, Double maxUtilisation, Double maxMs,
                      Long poolTimeouts, Long breakerOpenings, Double errorRate,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long fallbacksRefused,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long availabilityCheckFailures,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long maxWaiting) {

    /** A summary without the members added after the first additive ones (older writers). */
    public Summary(Long operations, Long failed, Long attempts, Long retries, Long budgetRefusals, Long fallbacks,
                   Double avgMs, Double p50Ms, Double p95Ms, Double p99Ms, Double maxUtilisation, Double maxMs,
                   Long poolTimeouts, Long breakerOpenings, Double errorRate) {
        this(operations, failed, attempts, retries, budgetRefusals, fallbacks, avgMs, p50Ms, p95Ms, p99Ms,
                maxUtilisation, maxMs, poolTimeouts, breakerOpenings, errorRate, null, null, null);
    }
}
