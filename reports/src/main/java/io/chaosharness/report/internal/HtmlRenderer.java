package io.chaosharness.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.report.BrokenFile;
import io.chaosharness.report.OverallVerdict;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.GatlingResult;
import io.chaosharness.result.Verdict;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Renders a {@link ReportModel} into one self-contained HTML page with the Pebble template
 * {@code templates/index.peb}: styles, Chart.js (from its WebJar), the page script and the data are inlined, so
 * the file works offline and fetches nothing. Text goes through Pebble's HTML auto-escaping; the data block is
 * JSON whose {@code <}, {@code >} and {@code &} are escaped, so no value can close the script element.
 */
public final class HtmlRenderer {

    /** Where the Chart.js WebJar keeps its UMD bundle. */
    static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final Pattern SOURCE_MAP = Pattern.compile("(?m)^//# sourceMappingURL=.*$");
    private static final Pattern SCRIPT_CLOSE = Pattern.compile("(?i)</(script)");

    private final ObjectMapper mapper;
    private final PebbleEngine engine;
    private final String chartJs;
    private final String reportJs;
    private final String css;

    public HtmlRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
        ClasspathLoader loader = new ClasspathLoader(HtmlRenderer.class.getClassLoader());
        loader.setPrefix("io/chaosharness/report/templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(true)
                .newLineTrimming(true).build();
        this.chartJs = inlineScript(resource(CHART_JS));
        this.reportJs = inlineScript(resource("io/chaosharness/report/templates/report.js"));
        this.css = resource("io/chaosharness/report/templates/report.css").replace("</", "<\\/");
    }

    /** The page for {@code model}. */
    public String render(ReportModel model) {
        Map<String, Object> ctx = new HashMap<>();
        OverallVerdict verdict = model.verdict();
        ctx.put("verdict", verdict.id());
        ctx.put("verdictLabel", verdictLabel(verdict));
        ctx.put("headline", headline(model));
        ctx.put("generatedAt", Fmt.time(model.generatedAt()));
        ctx.put("runFacts", runFacts(model));
        ctx.put("skips", skips(model));
        ctx.put("departures", departures(model));
        ctx.put("broken", model.brokenFiles().stream().map(HtmlRenderer::brokenLine).toList());
        ctx.put("notes", model.notes());
        ctx.put("inputs", model.inputs());
        ctx.put("noResults", model.scenarios().isEmpty() && model.simulations().isEmpty());
        ctx.put("seedCriteria", List.of(SeedCriterion.values()));
        List<ScenarioView> scenarios = new ArrayList<>();
        for (int i = 0; i < model.scenarios().size(); i++) {
            scenarios.add(ScenarioView.of("s-" + i, model.scenarios().get(i)));
        }
        ctx.put("scenarios", scenarios);
        ctx.put("simulations", model.simulations().stream().map(GatlingView::of).toList());
        ctx.put("history", HistoryView.of(model));
        ctx.put("poolSizing", model.poolSizing() == null ? null : SizingView.of(model.poolSizing()));
        ctx.put("css", css);
        ctx.put("chartJs", chartJs);
        ctx.put("reportJs", reportJs);
        ctx.put("dataJson", dataJson(model, scenarios));
        try {
            PebbleTemplate template = engine.getTemplate("index");
            StringWriter out = new StringWriter(256 * 1024);
            template.evaluate(out, ctx);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the report template failed", e);
        }
    }

    private String dataJson(ReportModel model, List<ScenarioView> views) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("domId", views.get(i).domId());
            s.put("title", views.get(i).title());
            s.put("timeline", model.scenarios().get(i).timeline());
            scenarios.add(s);
        }
        data.put("scenarios", scenarios);
        HistoryView history = HistoryView.of(model);
        if (history != null) {
            data.put("history", history.runs());
        }
        if (model.poolSizing() != null && !model.poolSizing().rows().isEmpty()) {
            data.put("poolSizing", Map.of("outage", model.poolSizing().outage(), "rows", model.poolSizing().rows()));
        }
        try {
            return safeJson(mapper.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report data cannot be written as JSON", e);
        }
    }

    /**
     * JSON made safe to inline in a script element: {@code <}, {@code >}, {@code &} and the JavaScript line
     * separators become {@code \}{@code uXXXX} escapes. They can only occur inside JSON strings, where the escape
     * means the same character, so {@code JSON.parse} returns the same value.
     */
    static String safeJson(String json) {
        StringBuilder sb = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A script body safe to inline: no source-map fetch, no early {@code </script>}. */
    static String inlineScript(String js) {
        String out = SOURCE_MAP.matcher(js).replaceAll("");
        out = SCRIPT_CLOSE.matcher(out).replaceAll("<\\\\/$1");
        return out.replace("<!--", "<\\!--");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlRenderer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing (is the chart.js WebJar on the classpath?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("classpath resource " + name + " cannot be read", e);
        }
    }

    /** The file name, and the message without its leading file name (the page shows the name once). */
    private static Line brokenLine(BrokenFile b) {
        String name = b.file().getFileName().toString();
        String message = b.message().startsWith(name + ": ") ? b.message().substring(name.length() + 2) : b.message();
        return new Line(name, message);
    }

    static String verdictLabel(OverallVerdict v) {
        return switch (v) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case INCOMPLETE -> "INCOMPLETE";
            case NO_RESULTS -> "NO RESULTS";
        };
    }

    static String headline(ReportModel model) {
        Map<Verdict, Long> c = model.countByVerdict();
        int n = model.scenarios().size();
        List<String> parts = new ArrayList<>();
        if (n == 0 && model.simulations().isEmpty()) {
            parts.add("No results found");
        } else {
            // "15 passed, 2 skipped (17 scenarios)": every selected scenario is counted, skipped ones too
            List<String> counts = new ArrayList<>();
            counts.add(c.get(Verdict.PASS) + " passed");
            if (c.get(Verdict.FAIL) > 0) {
                counts.add(c.get(Verdict.FAIL) + " failed");
            }
            if (c.get(Verdict.ABORTED) > 0) {
                counts.add(c.get(Verdict.ABORTED) + " aborted");
            }
            if (c.get(Verdict.ERROR) > 0) {
                counts.add(c.get(Verdict.ERROR) + " could not run");
            }
            for (Verdict v : Verdict.values()) {
                if (v != Verdict.PASS && v != Verdict.FAIL && v != Verdict.ABORTED && v != Verdict.ERROR
                        && c.getOrDefault(v, 0L) > 0) {
                    counts.add(c.get(v) + " " + v.json().replace('_', ' '));
                }
            }
            parts.add(String.join(", ", counts) + " (" + n + " scenario" + (n == 1 ? "" : "s") + ")");
            if (!model.simulations().isEmpty()) {
                long ok = model.simulations().stream().filter(GatlingRun::passed).count();
                parts.add(ok + " of " + model.simulations().size() + " load simulations passed");
            }
        }
        if (!model.brokenFiles().isEmpty()) {
            parts.add(model.brokenFiles().size() + " result file" + (model.brokenFiles().size() == 1 ? "" : "s")
                    + " could not be read");
        }
        return String.join("; ", parts) + ".";
    }

    /** Every skipped scenario with its reason, for the banner. */
    static List<Line> skips(ReportModel model) {
        return model.scenarios().stream().filter(s -> s.verdict() == Verdict.SKIPPED)
                .map(s -> new Line(s.scenario(), s.error() == null ? "no reason given" : s.error())).toList();
    }

    /**
     * Every departure from the design under test, for the banner: the {@code config.notes} of each scenario (where its
     * settings depart from the seed plan's, and why) and its {@code config.adaptations} (what a cap or read-only mode
     * changed in this run).
     */
    static List<Line> departures(ReportModel model) {
        List<Line> out = new ArrayList<>();
        for (ScenarioReport s : model.scenarios()) {
            for (String key : List.of("notes", "adaptations")) {
                for (String note : jsonList(s.config().get(key))) {
                    out.add(new Line(s.scenario(), (key.equals("adaptations") ? "this run: " : "") + note));
                }
            }
        }
        return out;
    }

    /** A config member the reader flattened from a JSON array of strings back into its items. */
    static List<String> jsonList(String json) {
        if (json == null || json.isBlank() || !json.startsWith("[")) {
            return json == null || json.isBlank() ? List.of() : List.of(json);
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            List<String> out = new ArrayList<>();
            n.forEach(item -> out.add(item.asText()));
            return out;
        } catch (java.io.IOException e) {
            return List.of(json);
        }
    }

    /** Environment facts common to the run: each distinct value once. */
    private static List<Line> runFacts(ReportModel model) {
        Map<String, java.util.LinkedHashSet<String>> facts = new LinkedHashMap<>();
        String[][] keys = {{"postgresVersion", "PostgreSQL"}, {"proxy", "Proxy"}, {"provider", "Environment"},
                {"commit", "Commit"}, {"javaVersion", "Java"}};
        for (String[] k : keys) {
            facts.put(k[1], new java.util.LinkedHashSet<>());
        }
        java.util.LinkedHashSet<String> seeds = new java.util.LinkedHashSet<>();
        for (ScenarioReport s : model.scenarios()) {
            for (String[] k : keys) {
                String v = s.environment().get(k[0]);
                if (v != null && !v.isBlank()) {
                    facts.get(k[1]).add(v);
                }
            }
            // the run seed (config.seed, the one every scenario's seed derives from); files without one (older
            // writers) contribute their scenario seed
            String runSeed = s.config().get("seed");
            String seed = runSeed != null && !runSeed.isBlank() ? runSeed : s.seed();
            if (seed != null) {
                seeds.add(seed);
            }
        }
        // one run, one seed: several only when the folder holds results of different runs
        facts.put(seeds.size() > 1 ? "Run seeds" : "Run seed", seeds);
        List<Line> out = new ArrayList<>();
        facts.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.add(new Line(k, String.join(", ", v)));
            }
        });
        return out;
    }

    /** A label and a value. */
    public record Line(String label, String value) {
    }

    /** A matrix cell or criterion row: state is {@code pass}, {@code fail} or {@code none}. */
    public record Cell(String state, String text, String title) {
    }

    /** One scenario, formatted for the page. */
    public record ScenarioView(String domId, String scenario, String title, String verdict, String verdictLabel,
                               boolean open, String description, String error, String startedAt, String duration,
                               String seed, String fileName, List<Line> figures, List<Cell> matrix, Cell other,
                               List<CriterionResult> criteria, List<List<String>> faults,
                               List<List<String>> recovery, List<Line> failureReasons, List<Line> breakerTransitions,
                               List<Line> config, List<Line> environment, List<String> notes, String latencySource,
                               boolean hasTimeline, boolean hasPool, boolean hasBreaker, String bucket) {

        static ScenarioView of(String domId, ScenarioReport s) {
            KeyFigures f = s.figures();
            List<Line> figures = new ArrayList<>();
            figures.add(new Line("Operations", Fmt.count(f.operations())));
            figures.add(new Line("Errors", Fmt.count(f.failed()) + " (" + Fmt.pct(f.errorPct()) + ")"));
            figures.add(new Line("p50 / p95 / p99", Fmt.ms(f.p50Ms()) + " / " + Fmt.ms(f.p95Ms()) + " / " + Fmt.ms(f.p99Ms())));
            figures.add(new Line("Retries", Fmt.count(f.retries())));
            figures.add(new Line("Budget refusals", Fmt.count(f.budgetRefusals())));
            figures.add(new Line("Emergency-admin fallbacks (granted)", Fmt.count(f.fallbacks())));
            figures.add(new Line("Break-glass attempts refused", f.fallbacksRefused() == null ? "–"
                    : Fmt.count(f.fallbacksRefused())));
            figures.add(new Line("Availability-check failures", f.availabilityCheckFailures() == null ? "–"
                    : Fmt.count(f.availabilityCheckFailures())));
            figures.add(new Line("Max pool utilisation (peak in flight or in use + waiting)", f.maxUtilisation() == null ? "–"
                    : Fmt.pct(100 * f.maxUtilisation()) + (f.maxWaiting() == null || f.maxWaiting() == 0 ? ""
                    : " (" + f.maxWaiting() + " waiting at most)")));

            List<Cell> matrix = new ArrayList<>();
            for (SeedCriterion sc : SeedCriterion.values()) {
                List<CriterionResult> matching = s.criteria().stream()
                        .filter(c -> SeedCriterion.byId(c.seedCriterion()).orElse(null) == sc).toList();
                if (matching.isEmpty()) {
                    matrix.add(new Cell("none", "–", sc.label() + ": not measured in this scenario"));
                } else {
                    boolean passed = matching.stream().allMatch(CriterionResult::passed);
                    boolean unmeasured = !passed && matching.stream().allMatch(c -> c.passed()
                            || c.verdict() == Verdict.NOT_MEASURED);
                    // one line per criterion: the page shows them stacked (white-space: pre-line)
                    String measured = String.join("\n", matching.stream()
                            .map(c -> c.measured() == null ? "?" : c.measured()).toList());
                    String title = String.join("; ", matching.stream()
                            .map(c -> c.name() + ": " + Objects.toString(c.measured(), "?") + " (target "
                                    + Objects.toString(c.target(), "?") + ") " + label(c)).toList());
                    matrix.add(new Cell(passed ? "pass" : unmeasured ? "not-measured" : "fail", measured, title));
                }
            }
            List<CriterionResult> others = s.criteria().stream()
                    .filter(c -> SeedCriterion.byId(c.seedCriterion()).isEmpty()).toList();
            long otherFailed = others.stream().filter(c -> !c.passed()).count();
            Cell other = others.isEmpty() ? new Cell("none", "–", "no scenario-specific criteria")
                    : new Cell(otherFailed == 0 ? "pass" : "fail",
                    otherFailed == 0 ? others.size() + " of " + others.size() + " met" : otherFailed + " of " + others.size() + " failed",
                    String.join("; ", others.stream().map(c -> c.name() + ": " + Objects.toString(c.measured(), "?")
                            + " (target " + Objects.toString(c.target(), "?") + ") " + label(c)).toList()));
            List<List<String>> faults = s.faults().stream().map(fa -> List.of(fa.id(), Objects.toString(fa.kind(), "–"),
                    Objects.toString(fa.description(), ""), Fmt.offset(fa.startOffsetMs()),
                    fa.durationMs() == null ? "until the end" : Fmt.duration(fa.durationMs()))).toList();
            List<List<String>> recovery = s.recovery().stream().map(r -> List.of(Objects.toString(r.faultId(), "–"),
                    Fmt.ms(r.toFirstSuccessMs()), r.toStartedP99Under100msMs() != null || r.upMs() == null
                            ? Fmt.ms(r.toStartedP99Under100msMs())
                            : r.p99ByStartMeasurable()
                            ? "not reached before the next fault window (" + Fmt.ms(r.upMs()) + " later)"
                            : "not measurable: the next fault window came " + Fmt.ms(r.upMs()) + " later",
                    Fmt.ms(r.toP99Under100msMs()))).toList();
            Timeline t = s.timeline();
            List<Line> reasons = t.failureReasons().stream().map(r -> new Line(Fmt.count(r.count()), r.reason())).toList();
            List<Line> transitions = t.breakerTransitions().stream().limit(30)
                    .map(b -> new Line(String.format(java.util.Locale.ROOT, "t+%.1f s", b.atS()),
                            Objects.toString(b.breaker(), "breaker") + ": " + b.from() + " → " + b.to())).toList();
            List<Line> config = new ArrayList<>();
            s.config().forEach((k, v) -> config.add(new Line(k, v)));
            List<Line> env = new ArrayList<>();
            s.environment().forEach((k, v) -> env.add(new Line(k, v)));
            String verdict = s.verdict().json();
            return new ScenarioView(domId, s.scenario(), s.title(), verdict, verdict.toUpperCase(java.util.Locale.ROOT),
                    s.verdict() != Verdict.PASS, s.description(), s.error(), Fmt.time(s.startedAt()),
                    Fmt.duration(s.durationMs()), s.seed(), s.file().getFileName().toString(), figures, matrix, other,
                    s.criteria(), faults, recovery, reasons, transitions, config, env, s.notes(), t.latencySource(),
                    t.size() > 0, !t.poolActive().isEmpty(), t.breaker() != null,
                    t.bucketSeconds() == 1 ? "1 s" : Fmt.duration((long) (t.bucketSeconds() * 1000)));
        }
    }

    /** A criterion's verdict in words: pass, fail or not measured. */
    static String label(CriterionResult c) {
        return c.passed() ? "pass" : c.verdict() == Verdict.NOT_MEASURED ? "not measured" : "fail";
    }

    /** One Gatling simulation, formatted. */
    public record GatlingView(String simulation, String verdict, String users, String requests, String failed,
                              String p50, String p95, String p99, String max, String throughput, String emergencyAdmin,
                              List<GatlingResult.Assertion> assertions, String link, boolean reportFound) {

        static GatlingView of(GatlingRun g) {
            return new GatlingView(g.simulation(), g.passed() ? "pass" : "fail",
                    g.users() == null ? "–" : g.users().toString(), Fmt.count(g.requests()),
                    Fmt.count(g.failed()) + " (" + Fmt.pct(g.failedPct()) + ")", Fmt.ms(g.p50Ms()), Fmt.ms(g.p95Ms()),
                    Fmt.ms(g.p99Ms()), Fmt.ms(g.maxMs()),
                    g.throughputRps() == null ? "–" : String.format(java.util.Locale.ROOT, "%.0f/s", g.throughputRps()),
                    Fmt.count(g.emergencyAdminResponses()), g.assertions(), g.reportLink(), g.reportFound());
        }
    }

    /** Earlier runs plus this one, oldest first; {@code null} without history. */
    public record HistoryView(List<RunView> runs, List<TrendRow> rows) {

        static HistoryView of(ReportModel model) {
            if (model.history().isEmpty()) {
                return null;
            }
            List<HistoryRun> all = new ArrayList<>(model.history());
            all.add(model.asRun("this run"));
            java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
            model.scenarios().forEach(s -> ids.add(s.scenario()));
            all.forEach(r -> ids.addAll(r.scenarios().keySet()));
            List<RunView> runs = all.stream().map(r -> new RunView(r.label(), Fmt.time(r.at()), r.verdict(),
                    r.verdict().toUpperCase(java.util.Locale.ROOT).replace('-', ' '),
                    r.scenarios().values().stream().filter("pass"::equals).count() + " / " + r.scenarios().size(),
                    Fmt.pct(r.errorPct()), r.errorPct(), Fmt.ms(r.worstP99Ms()), r.worstP99Ms(), Fmt.count(r.fallbacks()),
                    Fmt.count(r.retries()), r.maxUtilisation() == null ? "–" : Fmt.pct(100 * r.maxUtilisation()))).toList();
            List<TrendRow> rows = ids.stream().map(id -> new TrendRow(id,
                    all.stream().map(r -> r.scenarios().getOrDefault(id, "none")).toList())).toList();
            return new HistoryView(runs, rows);
        }
    }

    /**
     * {@code ./harness size}'s table as the page shows it: a row per user count, the chart drawn from the same rows
     * ({@code report.js}), and the link to the sizing page when it stands next to the report.
     */
    public record SizingView(boolean hasTable, String facts, String ended, boolean outage, List<List<String>> rows,
                             String page) {

        static SizingView of(PoolSizing p) {
            List<List<String>> rows = new ArrayList<>();
            for (PoolSizing.Row r : p.rows()) {
                List<String> row = new ArrayList<>(List.of(String.valueOf(r.users()),
                        "< " + Math.round(r.utilisationTarget() * 100) + " %",
                        smallest(r.smallestPassingPool(), r.poolsMeasured()),
                        r.appendixMin() + "–" + r.appendixMax() + (r.band().isEmpty() ? "" : " (" + r.band() + ")"),
                        r.littleEstimatePool() == null ? "not measured" : r.littleEstimatePool() + " ("
                                + String.format(java.util.Locale.ROOT, "%.2f", r.littleBusyConnections()) + " busy)"));
                if (p.outage()) {
                    row.add(smallest(r.smallestPoolRidingOutage(), r.poolsMeasured()));
                }
                rows.add(row);
            }
            String facts = p.file() == null ? null : "Environment " + Objects.toString(p.environment(), "?")
                    + ", design " + Objects.toString(p.design(), "?") + ", "
                    + (p.cellTimeMs() == null ? "?" : Fmt.duration(p.cellTimeMs())) + " per cell, seed "
                    + Objects.toString(p.seed(), "?") + (p.outage() ? ", each cell also with a 2 s proxy outage" : "")
                    + "; from " + p.file().getFileName();
            String ended = p.file() == null || p.complete() ? null
                    : "Partial table: " + Objects.toString(p.ended(), "the run had not finished when it was written");
            return new SizingView(p.file() != null, facts, ended, p.outage(), rows, p.page());
        }

        /** As {@code ./harness size} says it: the smallest pool tried passing only bounds the answer from above. */
        private static String smallest(Integer pool, List<Integer> measured) {
            if (pool == null) {
                return measured.isEmpty() ? "not measured" : "none of " + String.join(",",
                        measured.stream().map(String::valueOf).toList());
            }
            return !measured.isEmpty() && pool.equals(measured.get(0)) && pool > 1 ? "≤ " + pool + " (smallest tried)"
                    : String.valueOf(pool);
        }
    }

    /** One run of the trend. */
    public record RunView(String label, String at, String verdict, String verdictLabel, String passed, String errorPct,
                          Double errorPctValue, String worstP99, Double worstP99Value, String fallbacks, String retries,
                          String maxUtilisation) {
    }

    /** One scenario's verdict per run, in run order; {@code none} where the run did not have it. */
    public record TrendRow(String scenario, List<String> verdicts) {
    }

}
