package io.chaosharness.report.internal;

/**
 * A scenario's headline numbers: from the result file's {@code summary} where present, else measured from the
 * timeline. Latencies in ms; {@code null} where unknown.
 *
 * @param fallbacks                 emergency-admin sessions granted
 * @param maxUtilisation            peak demand on the pool over its size, 0..: attempts in flight at once or the
 *                                  gauge's in use + waiting, whichever is larger (above 1 when threads queue)
 * @param fallbacksRefused          logins that reached the fallback and were refused a session ({@code null} unknown)
 * @param availabilityCheckFailures failed availability-check attempts ({@code null} unknown)
 * @param maxWaiting                most threads the gauge saw waiting for a connection ({@code null} unknown)
 */
public record KeyFigures(long operations, long failed, long attempts, long retries, long budgetRefusals,
                         long fallbacks, Double avgMs, Double p50Ms, Double p95Ms, Double p99Ms,
                         Double maxUtilisation, Long fallbacksRefused, Long availabilityCheckFailures,
                         Long maxWaiting) {

    /** Figures without the refusal, availability and waiting counts. */
    public KeyFigures(long operations, long failed, long attempts, long retries, long budgetRefusals, long fallbacks,
                      Double avgMs, Double p50Ms, Double p95Ms, Double p99Ms, Double maxUtilisation) {
        this(operations, failed, attempts, retries, budgetRefusals, fallbacks, avgMs, p50Ms, p95Ms, p99Ms,
                maxUtilisation, null, null, null);
    }

    /** Failed operations in percent of operations, {@code null} without operations. */
    public Double errorPct() {
        return operations == 0 ? null : 100.0 * failed / operations;
    }
}
