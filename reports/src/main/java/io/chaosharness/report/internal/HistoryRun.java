package io.chaosharness.report.internal;

import java.time.Instant;
import java.util.Map;

/**
 * One earlier run, for the trend table.
 *
 * @param label      where it came from (folder or file name)
 * @param at         when it ran (report generation or earliest scenario start), if known
 * @param verdict    overall verdict id ({@code pass}, {@code fail}, {@code incomplete}, {@code no-results})
 * @param scenarios  scenario id to verdict id
 */
public record HistoryRun(String label, Instant at, String verdict, Map<String, String> scenarios, long operations,
                         long failed, long fallbacks, long retries, Double worstP99Ms, Double maxUtilisation) {

    public Double errorPct() {
        return operations == 0 ? null : 100.0 * failed / operations;
    }
}
