package io.chaosharness.report.internal;

import io.chaosharness.report.BrokenFile;
import io.chaosharness.report.OverallVerdict;
import io.chaosharness.result.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one report shows, before rendering: what was read, what could not be, and what it adds up to.
 *
 * @param inputs      the folders that were read, for the "no results found" message
 * @param poolSizing  {@code ./harness size}'s table found beside the results, {@code null} when none: shown, never
 *                    part of the verdict
 */
public record ReportModel(Instant generatedAt, List<ScenarioReport> scenarios, List<GatlingRun> simulations,
                          List<BrokenFile> brokenFiles, List<String> notes, List<HistoryRun> history,
                          List<String> inputs, PoolSizing poolSizing) {

    public ReportModel {
        Objects.requireNonNull(generatedAt, "generatedAt");
        scenarios = List.copyOf(scenarios);
        simulations = List.copyOf(simulations);
        brokenFiles = List.copyOf(brokenFiles);
        notes = List.copyOf(notes);
        history = List.copyOf(history);
        inputs = List.copyOf(inputs);
    }

    /** A model without a pool-sizing table. */
    public ReportModel(Instant generatedAt, List<ScenarioReport> scenarios, List<GatlingRun> simulations,
                       List<BrokenFile> brokenFiles, List<String> notes, List<HistoryRun> history,
                       List<String> inputs) {
        this(generatedAt, scenarios, simulations, brokenFiles, notes, history, inputs, null);
    }

    /**
     * FAIL if any scenario or simulation failed; otherwise INCOMPLETE if any scenario aborted or errored, any file
     * was broken, or every scenario was skipped (nothing was verified); otherwise PASS if anything was read; otherwise
     * NO_RESULTS. A skipped scenario is neither a failure nor a pass: it is counted and listed, with its reason.
     */
    public OverallVerdict verdict() {
        boolean failed = scenarios.stream().anyMatch(s -> s.verdict() == Verdict.FAIL)
                || simulations.stream().anyMatch(g -> !g.passed());
        if (failed) {
            return OverallVerdict.FAIL;
        }
        boolean incomplete = !brokenFiles.isEmpty()
                || scenarios.stream().anyMatch(s -> s.verdict() == Verdict.ABORTED || s.verdict() == Verdict.ERROR);
        boolean allSkipped = !scenarios.isEmpty() && simulations.isEmpty()
                && scenarios.stream().allMatch(s -> s.verdict() == Verdict.SKIPPED);
        if (incomplete || allSkipped) {
            return OverallVerdict.INCOMPLETE;
        }
        return scenarios.isEmpty() && simulations.isEmpty() ? OverallVerdict.NO_RESULTS : OverallVerdict.PASS;
    }

    /** Scenario count per scenario verdict, in enum order, zeros included. */
    public Map<Verdict, Long> countByVerdict() {
        Map<Verdict, Long> out = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            if (v == Verdict.NOT_MEASURED) {
                continue; // a criterion's verdict only: no scenario has it
            }
            out.put(v, scenarios.stream().filter(s -> s.verdict() == v).count());
        }
        return out;
    }

    /** Totals over all scenarios, for the banner, summary.json and the trend. */
    public HistoryRun asRun(String label) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        long ops = 0;
        long failed = 0;
        long fallbacks = 0;
        long retries = 0;
        Double worstP99 = null;
        Double maxUtil = null;
        for (ScenarioReport s : scenarios) {
            verdicts.put(s.scenario(), s.verdict().json());
            KeyFigures f = s.figures();
            ops += f.operations();
            failed += f.failed();
            fallbacks += f.fallbacks();
            retries += f.retries();
            worstP99 = max(worstP99, f.p99Ms());
            maxUtil = max(maxUtil, f.maxUtilisation());
        }
        return new HistoryRun(label, generatedAt, verdict().id(), verdicts, ops, failed, fallbacks, retries, worstP99, maxUtil);
    }

    private static Double max(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
