package io.chaosharness.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The pool-sizing table of {@code ./harness size}: for each user count, the smallest measured pool that meets
 * p99 < 100 ms and Appendix A's utilisation target for that user band, beside Appendix A's recommendation and a
 * Little's-law estimate. Pure logic over measured {@link Cell}s: nothing here measures.
 */
record SizingTable(List<Row> rows) {

    /** The seed plan's latency target for every band. */
    static final double P99_TARGET_MS = 100.0;

    SizingTable {
        rows = List.copyOf(rows);
    }

    /**
     * One Appendix A band: users up to {@code maxUsers} (inclusive; the first band whose bound a user count does not
     * exceed: 50 users are in 10-50), the utilisation target and the recommended pool range.
     */
    record Band(String users, int maxUsers, double utilisationTarget, int recommendedMin, int recommendedMax) {

        /** Appendix A of the seed plan. */
        static final List<Band> APPENDIX_A = List.of(
                new Band("10-50", 50, 0.20, 5, 10),
                new Band("50-100", 100, 0.30, 10, 15),
                new Band("100-200", 200, 0.40, 15, 25),
                new Band("200-500", 500, 0.50, 25, 40));

        /** The band of {@code users}; above 500 users the last band's target (Appendix A stops there). */
        static Band of(int users) {
            for (Band b : APPENDIX_A) {
                if (users <= b.maxUsers) {
                    return b;
                }
            }
            return APPENDIX_A.get(APPENDIX_A.size() - 1);
        }

        String recommendation() {
            return recommendedMin + "-" + recommendedMax;
        }
    }

    /**
     * One measured cell.
     *
     * @param utilisation     busiest 1 s: mean attempts in flight over the pool size (as steady-state's criterion);
     *                        {@code null} when not measured
     * @param p99Ms           p99 operation latency; {@code null} when no operation ended
     * @param throughputPerS  attempts per second over the cell's workload
     * @param meanHoldMs      mean attempt length (an upper bound of the connection hold time: it includes the wait
     *                        for a connection); {@code null} without attempts
     * @param rodeOutOutage   with {@code --fault outage}: no pool timeout and no fallback; {@code null} without fault
     * @param completed       the cell ran to its end (not aborted, not an error)
     */
    record Cell(int users, int pool, Double p99Ms, Double avgMs, Double utilisation, long operations, long failed,
                long poolTimeouts, long maxWaiting, long fallbacks, double throughputPerS, Double meanHoldMs,
                Boolean rodeOutOutage, boolean completed, String note) {

        /** Meets p99 < 100 ms and the band's utilisation target; a figure not measured never meets it. */
        boolean meetsTargets() {
            return completed && p99Ms != null && utilisation != null && p99Ms < P99_TARGET_MS
                    && utilisation < Band.of(users).utilisationTarget();
        }
    }

    /**
     * One row: users, the smallest pool meeting the targets (empty: none in the measured range), Little's law from
     * the measurements (mean connections busy = throughput x mean hold time; the pool that keeps that under the
     * band's target = busy / target, rounded up; the median over the row's completed cells), and with a fault the smallest pool that rode it out.
     */
    record Row(int users, Band band, List<Integer> poolsMeasured, OptionalInt smallestPassing, Double littleBusy,
               OptionalInt littleEstimate, OptionalInt smallestRidingOutage, boolean outageMeasured,
               List<Integer> poolsCompleted) {

        String smallestText() {
            if (smallestPassing.isEmpty()) {
                return poolsCompleted.isEmpty() ? "not measured (no cell completed)"
                        : "none of " + ranges(poolsCompleted) + " meets the targets"
                        + (poolsCompleted.size() < poolsMeasured.size() ? " (others not completed)" : "");
            }
            int pool = smallestPassing.getAsInt();
            // the smallest pool tried passing says only that the answer is at most that: smaller was not measured
            return pool == poolsMeasured.get(0) && pool > 1 ? "<= " + pool + " (smallest tried)" : String.valueOf(pool);
        }

        String outageText() {
            if (!outageMeasured) {
                return "-";
            }
            if (smallestRidingOutage.isEmpty()) {
                return "none of " + ranges(poolsMeasured);
            }
            int pool = smallestRidingOutage.getAsInt();
            return pool == poolsMeasured.get(0) && pool > 1 ? "<= " + pool + " (smallest tried)" : String.valueOf(pool);
        }

        private static String ranges(List<Integer> pools) {
            return String.join(",", pools.stream().map(String::valueOf).toList());
        }
    }

    /** The table for {@code cells} (any order; cells of one user count form a row). */
    static SizingTable of(List<Cell> cells) {
        TreeMap<Integer, List<Cell>> byUsers = new TreeMap<>();
        for (Cell c : cells) {
            byUsers.computeIfAbsent(c.users(), u -> new ArrayList<>()).add(c);
        }
        List<Row> rows = new ArrayList<>();
        byUsers.forEach((users, row) -> {
            row.sort(Comparator.comparingInt(Cell::pool));
            Band band = Band.of(users);
            OptionalInt smallest = row.stream().filter(Cell::meetsTargets).mapToInt(Cell::pool).findFirst();
            boolean outage = row.stream().anyMatch(c -> c.rodeOutOutage() != null);
            OptionalInt riding = row.stream().filter(c -> c.completed() && Boolean.TRUE.equals(c.rodeOutOutage()))
                    .mapToInt(Cell::pool).findFirst();
            // Little's law per completed cell, the row's median: one cell's stall (GC, a loaded machine) moves one
            // cell's hold time, not the row's estimate; the demand itself does not depend on the pool size
            List<Double> perCell = row.stream().filter(c -> c.completed() && c.meanHoldMs() != null
                    && c.throughputPerS() > 0).map(c -> littleBusy(c.throughputPerS(), c.meanHoldMs())).sorted()
                    .toList();
            Double busy = perCell.isEmpty() ? null : perCell.size() % 2 == 1 ? perCell.get(perCell.size() / 2)
                    : (perCell.get(perCell.size() / 2 - 1) + perCell.get(perCell.size() / 2)) / 2;
            OptionalInt estimate = busy == null ? OptionalInt.empty()
                    : OptionalInt.of(littlePool(busy, band.utilisationTarget()));
            rows.add(new Row(users, band, row.stream().map(Cell::pool).toList(), smallest, busy, estimate, riding,
                    outage, row.stream().filter(Cell::completed).map(Cell::pool).toList()));
        });
        return new SizingTable(rows);
    }

    /** Little's law: mean connections busy = arrivals per second x mean hold time. */
    static double littleBusy(double throughputPerS, double meanHoldMs) {
        if (throughputPerS < 0 || meanHoldMs < 0) {
            throw new IllegalArgumentException("throughput and hold time must be >= 0, but were " + throughputPerS
                    + " and " + meanHoldMs);
        }
        return throughputPerS * meanHoldMs / 1000.0;
    }

    /** The smallest pool that keeps {@code busy} mean connections under {@code target} utilisation (at least 1). */
    static int littlePool(double busy, double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target must be in (0, 1], but was " + target);
        }
        // strictly under the target: busy / pool < target
        int pool = (int) Math.floor(busy / target) + 1;
        return Math.max(1, pool);
    }

    Row row(int users) {
        return rows.stream().filter(r -> r.users() == users).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for " + users + " users"));
    }

    /** The table as console lines. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        boolean outage = rows.stream().anyMatch(Row::outageMeasured);
        out.add(String.format(java.util.Locale.ROOT, "%-6s %-12s %-28s %-16s %-22s%s", "users", "util target",
                "smallest pool meeting both", "Appendix A", "Little's law (busy)",
                outage ? "  rides out 2 s outage" : ""));
        for (Row r : rows) {
            String little = r.littleEstimate().isPresent()
                    ? r.littleEstimate().getAsInt() + " (" + Fmt.num(Objects.requireNonNull(r.littleBusy())) + ")"
                    : "not measured";
            out.add(String.format(java.util.Locale.ROOT, "%-6d %-12s %-28s %-16s %-22s%s", r.users(),
                    "< " + Math.round(r.band().utilisationTarget() * 100) + " %", r.smallestText(),
                    r.band().recommendation() + " (" + r.band().users() + ")", little,
                    outage ? "  " + r.outageText() : ""));
        }
        return out;
    }

    /** Number formatting shared by the console, the JSON and the page. */
    static final class Fmt {
        private Fmt() {
        }

        static String num(double v) {
            return v >= 100 ? String.valueOf(Math.round(v)) : String.format(java.util.Locale.ROOT, "%.2f", v)
                    .replaceAll("0+$", "").replaceAll("\\.$", "");
        }
    }
}
