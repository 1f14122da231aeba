package io.chaosharness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chaosharness.report.internal.ComparisonRenderer;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.ResultFileException;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The A/B report: reads the result files of two designs (one folder each), pairs them by scenario id and writes
 * {@code index.html} (both designs side by side: per criterion which design passes, p99 and recovery differences,
 * one conclusion per scenario) and {@code comparison.json} (the same data) into the output folder.
 * <pre>{@code
 * Comparison c = ComparisonReport.generate("seed", Path.of("results/seed"), "small", Path.of("results/small"),
 *         Path.of("target/resilience-report"));
 * if (!c.bHoldsUp()) { ... }   // B misses a criterion A meets, or a scenario did not run on both
 * }</pre>
 * A file that cannot be read counts as that design's scenario not having run (listed in {@code incomplete}).
 */
public final class ComparisonReport {

    /** The page's file name in the output folder. */
    public static final String INDEX_HTML = "index.html";
    /** The data's file name in the output folder. */
    public static final String COMPARISON_JSON = "comparison.json";

    private ComparisonReport() {
    }

    /** Compares and writes the report, stamped with the system UTC clock. */
    public static Comparison generate(String nameA, Path resultsA, String nameB, Path resultsB, Path out)
            throws IOException {
        return generate(nameA, resultsA, nameB, resultsB, out, Clock.systemUTC());
    }

    /**
     * Compares and writes the report.
     *
     * @throws IOException when the output cannot be written
     */
    public static Comparison generate(String nameA, Path resultsA, String nameB, Path resultsB, Path out,
                                      Clock clock) throws IOException {
        Objects.requireNonNull(nameA, "nameA");
        Objects.requireNonNull(nameB, "nameB");
        if (nameA.equals(nameB)) {
            throw new IllegalArgumentException("nameB must differ from nameA, but both were '" + nameA + "'");
        }
        List<String> incomplete = new ArrayList<>();
        Map<String, ScenarioResult> a = read(resultsA, nameA, incomplete);
        Map<String, ScenarioResult> b = read(resultsB, nameB, incomplete);
        List<String> ids = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(id -> !a.containsKey(id)).forEach(ids::add);
        List<Comparison.ScenarioComparison> scenarios = new ArrayList<>();
        List<String> regressions = new ArrayList<>();
        for (String id : ids) {
            scenarios.add(compare(id, nameA, a.get(id), nameB, b.get(id), regressions, incomplete));
        }
        String conclusion = regressions.isEmpty() && incomplete.isEmpty()
                ? nameB + " meets every criterion " + nameA + " meets, on all " + ids.size() + " scenario(s)"
                : (regressions.isEmpty() ? "" : nameB + " misses " + regressions.size() + " criterion/criteria "
                + nameA + " meets" + (incomplete.isEmpty() ? "" : "; "))
                + (incomplete.isEmpty() ? "" : incomplete.size() + " scenario result(s) missing or not run to the "
                + "end, so the comparison is incomplete");
        Comparison c = new Comparison(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                side(nameA, resultsA, a), side(nameB, resultsB, b), scenarios, regressions, incomplete, conclusion);
        ObjectMapper mapper = new ObjectMapper();
        Files.createDirectories(out);
        write(out.resolve(COMPARISON_JSON), mapper.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(c));
        write(out.resolve(INDEX_HTML), new ComparisonRenderer(mapper).render(c));
        return c;
    }

    private static Map<String, ScenarioResult> read(Path folder, String design, List<String> incomplete)
            throws IOException {
        Map<String, ScenarioResult> out = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            incomplete.add(design + ": results folder " + folder + " does not exist");
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<ScenarioResult> results = new ArrayList<>();
        for (Path f : files) {
            try {
                results.add(ResultFiles.readScenario(f));
            } catch (ResultFileException e) {
                incomplete.add(design + ": " + e.getMessage());
            }
        }
        // in the order the scenarios ran
        results.sort((x, y) -> x.startedAt() == null || y.startedAt() == null ? 0
                : x.startedAt().compareTo(y.startedAt()));
        results.forEach(r -> out.put(r.scenario(), r));
        return out;
    }

    private static Comparison.DesignSide side(String name, Path folder, Map<String, ScenarioResult> results) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (ScenarioResult r : results.values()) {
            if (r.config() != null && r.config().get("design_settings") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> settings.put(String.valueOf(k), v));
                break;
            }
        }
        return new Comparison.DesignSide(name, folder.toString(), settings);
    }

    private static Comparison.ScenarioComparison compare(String id, String nameA, ScenarioResult a, String nameB,
                                                         ScenarioResult b, List<String> regressions,
                                                         List<String> incomplete) {
        String title = a != null ? a.title() : b.title();
        for (Map.Entry<String, ScenarioResult> side : sides(nameA, a, nameB, b).entrySet()) {
            ScenarioResult r = side.getValue();
            if (r == null) {
                incomplete.add(id + ": no result for " + side.getKey());
            } else if (r.verdict() == Verdict.ERROR || r.verdict() == Verdict.ABORTED) {
                incomplete.add(id + ": " + r.verdict().json() + " on " + side.getKey()
                        + (r.error() == null ? "" : " (" + r.error() + ")"));
            }
        }
        boolean skippedA = a != null && a.verdict() == Verdict.SKIPPED;
        boolean skippedB = b != null && b.verdict() == Verdict.SKIPPED;
        if (a != null && b != null && skippedA != skippedB) {
            ScenarioResult skipped = skippedA ? a : b;
            incomplete.add(id + ": skipped on " + (skippedA ? nameA : nameB) + " only"
                    + (skipped.error() == null ? "" : " (" + skipped.error() + ")"));
        }
        // criteria are compared only where both designs ran the scenario to the end
        boolean comparable = a != null && b != null && !skippedA && !skippedB && ran(a) && ran(b);
        List<Comparison.CriterionComparison> criteria = new ArrayList<>();
        List<String> names = new ArrayList<>();
        criteriaOf(a).forEach(c -> names.add(c.name()));
        criteriaOf(b).stream().map(CriterionResult::name).filter(n -> !names.contains(n)).forEach(names::add);
        List<String> onlyA = new ArrayList<>();
        List<String> onlyB = new ArrayList<>();
        for (String n : names) {
            CriterionResult ca = find(a, n);
            CriterionResult cb = find(b, n);
            boolean pa = ca != null && ca.passed();
            boolean pb = cb != null && cb.passed();
            String passes = pa && pb ? "both" : pa ? nameA + " only" : pb ? nameB + " only" : "neither";
            if (pa && !pb && comparable) {
                onlyA.add(n);
                regressions.add(id + ": " + n + " (" + nameA + " " + ca.measured() + "; " + nameB + " "
                        + (cb == null ? "not judged" : cb.verdict().json() + ", " + cb.measured()) + ")");
            }
            if (pb && !pa && comparable) {
                onlyB.add(n);
            }
            criteria.add(new Comparison.CriterionComparison(n, ca == null ? null : ca.target(),
                    ca == null ? null : ca.measured(), ca == null ? null : ca.verdict().json(),
                    cb == null ? null : cb.target(), cb == null ? null : cb.measured(),
                    cb == null ? null : cb.verdict().json(), passes));
        }
        if (comparable && a.verdict() == Verdict.PASS && b.verdict() != Verdict.PASS && onlyA.isEmpty()) {
            regressions.add(id + ": " + nameA + " passes, " + nameB + " is " + b.verdict().json());
        }
        Double p99a = p99(a);
        Double p99b = p99(b);
        Long reca = recovery(a);
        Long recb = recovery(b);
        Double p99diff = p99a != null && p99b != null ? round(p99b - p99a) : null;
        Long recdiff = reca != null && recb != null ? recb - reca : null;
        String conclusion = conclusion(nameA, a, nameB, b, onlyA, onlyB, p99a, p99b, reca, recb);
        return new Comparison.ScenarioComparison(id, title, a == null ? null : a.verdict().json(),
                b == null ? null : b.verdict().json(), criteria, p99a, p99b, p99diff, reca, recb, recdiff,
                conclusion, recoveryRows(a, b));
    }

    /** Each fault window's figures on both designs, paired by position (the same scenario applies the same faults). */
    private static List<Comparison.RecoveryComparison> recoveryRows(ScenarioResult a, ScenarioResult b) {
        List<Recovery> ra = a == null || a.recovery() == null ? List.of() : a.recovery();
        List<Recovery> rb = b == null || b.recovery() == null ? List.of() : b.recovery();
        List<Comparison.RecoveryComparison> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(ra.size(), rb.size()); i++) {
            Recovery x = i < ra.size() ? ra.get(i) : null;
            Recovery y = i < rb.size() ? rb.get(i) : null;
            rows.add(new Comparison.RecoveryComparison(x != null ? x.faultId() : y.faultId(),
                    x == null ? null : x.toFirstSuccessMs(), x == null ? null : x.toStartedP99Under100msMs(),
                    x == null ? null : x.toP99Under100msMs(), y == null ? null : y.toFirstSuccessMs(),
                    y == null ? null : y.toStartedP99Under100msMs(), y == null ? null : y.toP99Under100msMs(),
                    x != null && x.upMs() != null ? x.upMs() : y == null ? null : y.upMs()));
        }
        return List.copyOf(rows);
    }

    private static String conclusion(String nameA, ScenarioResult a, String nameB, ScenarioResult b,
                                     List<String> onlyA, List<String> onlyB, Double p99a, Double p99b, Long reca,
                                     Long recb) {
        if (a == null || b == null) {
            return "ran only on " + (a == null ? nameB : nameA) + ": nothing to compare";
        }
        if (a.verdict() == Verdict.SKIPPED || b.verdict() == Verdict.SKIPPED) {
            return "skipped on " + (a.verdict() == Verdict.SKIPPED && b.verdict() == Verdict.SKIPPED ? "both"
                    : a.verdict() == Verdict.SKIPPED ? nameA : nameB) + ": nothing to compare";
        }
        if (!ran(a) || !ran(b)) {
            return (ran(a) ? nameB + " " + b.verdict().json() : nameA + " " + a.verdict().json())
                    + ": not run to the end, nothing to compare";
        }
        String figures = figures(nameA, nameB, p99a, p99b, reca, recb);
        boolean pa = a.verdict() == Verdict.PASS;
        boolean pb = b.verdict() == Verdict.PASS;
        String line;
        if (pa && pb) {
            line = "both pass";
        } else if (pa) {
            line = nameB + " fails where " + nameA + " passes" + (onlyA.isEmpty() ? " (" + b.verdict().json() + ")"
                    : ": it misses " + String.join(", ", onlyA));
        } else if (pb) {
            line = nameB + " passes where " + nameA + " does not" + (onlyB.isEmpty() ? ""
                    : ": it meets " + String.join(", ", onlyB));
        } else {
            line = "neither passes (" + nameA + " " + a.verdict().json() + ", " + nameB + " " + b.verdict().json() + ")"
                    + (onlyA.isEmpty() ? "" : "; only " + nameA + " meets " + String.join(", ", onlyA))
                    + (onlyB.isEmpty() ? "" : "; only " + nameB + " meets " + String.join(", ", onlyB));
        }
        if (!Objects.equals(a.description(), b.description())) {
            // pool-size-dependent workloads follow each design: the figures compare different loads
            figures = figures + (figures.isEmpty() ? "" : " ") + "(the workload follows each design's settings: see"
                    + " each description)";
        }
        return figures.isEmpty() ? line : line + "; " + figures;
    }

    private static String figures(String nameA, String nameB, Double p99a, Double p99b, Long reca, Long recb) {
        List<String> parts = new ArrayList<>();
        if (p99a != null && p99b != null) {
            parts.add("p99 " + nameB + " " + ms(p99b) + " vs " + nameA + " " + ms(p99a) + " ("
                    + signed(round(p99b - p99a)) + " ms)");
        }
        if (reca != null && recb != null) {
            parts.add("recovery " + nameB + " " + recb + " ms vs " + nameA + " " + reca + " ms ("
                    + signed(recb - reca) + " ms)");
        }
        return String.join("; ", parts);
    }

    private static boolean ran(ScenarioResult r) {
        return r.verdict() != Verdict.ERROR && r.verdict() != Verdict.ABORTED;
    }

    private static Map<String, ScenarioResult> sides(String nameA, ScenarioResult a, String nameB,
                                                     ScenarioResult b) {
        Map<String, ScenarioResult> m = new LinkedHashMap<>();
        m.put(nameA, a);
        m.put(nameB, b);
        return m;
    }

    private static List<CriterionResult> criteriaOf(ScenarioResult r) {
        return r == null || r.criteria() == null ? List.of() : r.criteria();
    }

    private static CriterionResult find(ScenarioResult r, String name) {
        return criteriaOf(r).stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static Double p99(ScenarioResult r) {
        return r == null || r.summary() == null ? null : r.summary().p99Ms();
    }

    /** The longest time from a fault's removal to the first success, over the scenario's faults. */
    private static Long recovery(ScenarioResult r) {
        if (r == null || r.recovery() == null) {
            return null;
        }
        return r.recovery().stream().map(Recovery::toFirstSuccessMs).filter(Objects::nonNull)
                .max(Long::compare).orElse(null);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.1f", v);
    }

    private static String signed(long v) {
        return String.format(Locale.ROOT, "%+d", v);
    }

    private static void write(Path target, String content) throws IOException {
        ResilienceReport.writeAtomically(target, content);
    }
}
