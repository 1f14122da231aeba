package io.chaosharness.report.internal;

/**
 * A scenario's headline numbers: from the result file's {@code summary} where present, else measured from the
 * timeline. Latencies in ms; {@code maxUtilisation} 0..1; {@code null} where unknown.
 */
public record KeyFigures(long operations, long failed, long attempts, long retries, long budgetRefusals,
                         long fallbacks, Double avgMs, Double p50Ms, Double p95Ms, Double p99Ms,
                         Double maxUtilisation) {

    /** Failed operations in percent of operations, {@code null} without operations. */
    public Double errorPct() {
        return operations == 0 ? null : 100.0 * failed / operations;
    }
}
