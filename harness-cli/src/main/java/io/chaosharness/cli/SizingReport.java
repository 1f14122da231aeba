package io.chaosharness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chaosharness.core.Secrets;
import io.chaosharness.scenario.Design;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code ./harness size}'s table: {@code pool-sizing.json} (schema in {@code docs/result-schema.md}, section
 * "Pool sizing") and {@code pool-sizing.html}, one offline page with the table and its chart (Chart.js inlined from
 * the WebJar the report uses). Both are rewritten after every cell, so an interrupted run leaves the partial table.
 */
final class SizingReport {

    /** The {@code schema} member of the file. */
    static final String SCHEMA = "chaos-harness/pool-sizing/1";
    /** The Chart.js bundle the HTML report inlines ({@code reports}' HtmlRenderer). */
    static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path json;
    private final Path html;
    private final SizeCommand.Grid grid;
    private final RunCommand.Plan plan;
    private final Design design;
    private final Instant startedAt;
    private final String loadAtStart;

    SizingReport(Path json, Path html, SizeCommand.Grid grid, RunCommand.Plan plan, Design design, Instant startedAt,
                 String loadAtStart) {
        this.json = json;
        this.html = html;
        this.grid = grid;
        this.plan = plan;
        this.design = design;
        this.startedAt = startedAt;
        this.loadAtStart = loadAtStart;
    }

    Path json() {
        return json;
    }

    Path html() {
        return html;
    }

    Instant startedAt() {
        return startedAt;
    }

    String loadAtStart() {
        return loadAtStart;
    }

    /** Writes both files; {@code complete} when every planned cell ran, else {@code ended} says why not. */
    void write(List<SizingTable.Cell> cells, boolean complete, String ended) {
        Map<String, Object> doc = document(cells, complete, ended);
        try {
            String text = MAPPER.writeValueAsString(doc);
            writeAtomically(json, Secrets.mask(text, plan.password()));
            writeAtomically(html, page(doc, SizingTable.of(cells)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pool-sizing table: " + e.getMessage(), e);
        }
    }

    Map<String, Object> document(List<SizingTable.Cell> cells, boolean complete, String ended) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        Instant now = Instant.now();
        doc.put("startedAt", startedAt.toString());
        doc.put("writtenAt", now.toString());
        // the printed estimate beside the time taken so far, so a run can be held against its estimate afterwards
        doc.put("estimateMs", grid.estimate().toMillis());
        doc.put("elapsedMs", java.time.Duration.between(startedAt, now).toMillis());
        doc.put("complete", complete);
        if (ended != null) {
            doc.put("ended", ended);
        }
        doc.put("environment", plan.kind().id());
        plan.target().ifPresent(t -> doc.put("target", t.masked()));
        doc.put("seed", plan.settings().seed());
        doc.put("loadAverageAtStart", loadAtStart);
        doc.put("loadAverageAtEnd", SizeCommand.loadAverage());
        doc.put("design", design.name());
        doc.put("designSettings", design.settings());
        doc.put("readOnly", plan.options().readOnly());
        doc.put("users", grid.users());
        doc.put("pools", grid.pools());
        doc.put("thinkMs", grid.think().toMillis());
        doc.put("cellTimeMs", grid.cellTime().toMillis());
        doc.put("fault", grid.outage() ? "outage" : null);
        doc.put("mix", Map.of("read", 80, "authenticate", plan.options().readOnly() ? 0 : 20));
        doc.put("p99TargetMs", SizingTable.P99_TARGET_MS);
        List<Map<String, Object>> cellList = new ArrayList<>();
        for (SizingTable.Cell c : cells) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("users", c.users());
            m.put("pool", c.pool());
            m.put("completed", c.completed());
            m.put("p99Ms", c.p99Ms());
            m.put("avgMs", c.avgMs());
            m.put("utilisation", c.utilisation());
            m.put("utilisationTarget", SizingTable.Band.of(c.users()).utilisationTarget());
            m.put("meetsTargets", c.meetsTargets());
            m.put("operations", c.operations());
            m.put("failed", c.failed());
            m.put("poolTimeouts", c.poolTimeouts());
            m.put("maxWaiting", c.maxWaiting());
            m.put("fallbacks", c.fallbacks());
            m.put("attemptsPerSecond", c.throughputPerS());
            m.put("meanHoldMs", c.meanHoldMs());
            m.put("rodeOutOutage", c.rodeOutOutage());
            m.put("note", c.note());
            cellList.add(m);
        }
        doc.put("cells", cellList);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SizingTable.Row r : SizingTable.of(cells).rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("users", r.users());
            m.put("band", r.band().users());
            m.put("utilisationTarget", r.band().utilisationTarget());
            m.put("appendixA", List.of(r.band().recommendedMin(), r.band().recommendedMax()));
            m.put("poolsMeasured", r.poolsMeasured());
            m.put("smallestPassingPool", r.smallestPassing().isPresent() ? r.smallestPassing().getAsInt() : null);
            m.put("littleBusyConnections", r.littleBusy());
            m.put("littleEstimatePool", r.littleEstimate().isPresent() ? r.littleEstimate().getAsInt() : null);
            if (r.outageMeasured()) {
                m.put("smallestPoolRidingOutage", r.smallestRidingOutage().isPresent()
                        ? r.smallestRidingOutage().getAsInt() : null);
            }
            rows.add(m);
        }
        doc.put("rows", rows);
        return doc;
    }

    private String page(Map<String, Object> doc, SizingTable table) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pool sizing (Appendix A, "
                + "measured)</title>\n<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
                + "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;"
                + "text-align:right}th{background:#f4f4f4}.none{color:#b00}.ok{color:#070}</style></head><body>\n");
        sb.append("<h1>Pool sizing (Appendix A, measured)</h1>\n<p>");
        sb.append(esc("Environment " + doc.get("environment") + ", design " + design.describe() + ", a request "
                + "every " + grid.think().toMillis() + " ms per user, " + grid.cellTime().toSeconds() + " s per cell"
                + (plan.options().readOnly() ? ", reads only" : ", read 80 / authenticate 20") + ", seed "
                + doc.get("seed") + ". Load average at start " + loadAtStart + ", at end " + doc.get(
                "loadAverageAtEnd") + "."));
        if (!Boolean.TRUE.equals(doc.get("complete"))) {
            sb.append(" <strong>Partial table").append(doc.get("ended") == null ? " (still running)"
                    : ": " + esc(String.valueOf(doc.get("ended")))).append(".</strong>");
        }
        sb.append("</p>\n<p>Smallest pool: the smallest measured connection_limit with p99 &lt; 100 ms and utilisation "
                + "(busiest 1 s: mean attempts in flight over the pool size) under the band's target. Little's law: "
                + "attempts per second x mean attempt length (an upper bound of the hold time), the median over the "
                + "row's cells; the pool that keeps it under the target.</p>\n");
        sb.append("<canvas id=\"sizing\" height=\"110\"></canvas>\n<table><tr><th>users</th><th>utilisation target"
                + "</th><th>smallest pool meeting both</th><th>Appendix A</th><th>Little's law (mean busy)</th>");
        boolean outage = table.rows().stream().anyMatch(SizingTable.Row::outageMeasured);
        if (outage) {
            sb.append("<th>rides out a 2 s outage</th>");
        }
        sb.append("</tr>\n");
        for (SizingTable.Row r : table.rows()) {
            sb.append("<tr><td>").append(r.users()).append("</td><td>&lt; ")
                    .append(Math.round(r.band().utilisationTarget() * 100)).append(" %</td><td class=\"")
                    .append(r.smallestPassing().isPresent() ? "ok" : "none").append("\">")
                    .append(esc(r.smallestText())).append("</td><td>").append(r.band().recommendation())
                    .append(" (").append(r.band().users()).append(")</td><td>")
                    .append(r.littleEstimate().isPresent() ? r.littleEstimate().getAsInt() + " ("
                            + SizingTable.Fmt.num(r.littleBusy()) + ")" : "not measured").append("</td>");
            if (outage) {
                sb.append("<td>").append(esc(r.outageText())).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<h2>Cells</h2>\n<table><tr><th>users</th><th>pool</th><th>p99 ms</th><th>avg ms</th>"
                + "<th>utilisation</th><th>pool timeouts</th><th>most waiting</th><th>errors</th><th>operations</th>"
                + "<th>meets both</th><th>note</th></tr>\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cells = (List<Map<String, Object>>) doc.get("cells");
        for (Map<String, Object> c : cells) {
            sb.append("<tr>");
            for (String k : List.of("users", "pool", "p99Ms", "avgMs", "utilisation", "poolTimeouts", "maxWaiting",
                    "failed", "operations", "meetsTargets", "note")) {
                Object v = c.get(k);
                String text = v == null ? (k.equals("note") ? "" : "not measured")
                        : v instanceof Double d ? (k.equals("utilisation") ? SizingTable.Fmt.num(d * 100) + " %"
                        : SizingTable.Fmt.num(d)) : String.valueOf(v);
                sb.append("<td>").append(esc(text)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<script>").append(inline(chartJs())).append("</script>\n<script>const sizing=")
                .append(inline(MAPPER.writeValueAsString(doc.get("rows"))))
                .append(";\nnew Chart(document.getElementById('sizing'),{type:'line',data:{labels:sizing.map(r=>r.users"
                        + "+' users'),datasets:[{label:'smallest pool meeting p99 < 100 ms and the utilisation target"
                        + " (measured)',data:sizing.map(r=>r.smallestPassingPool),borderWidth:3,spanGaps:false},"
                        + "{label:'Appendix A: low end',data:sizing.map(r=>r.appendixA[0]),borderDash:[4,4]},"
                        + "{label:'Appendix A: high end',data:sizing.map(r=>r.appendixA[1]),borderDash:[4,4]},"
                        + "{label:\"Little's law estimate\",data:sizing.map(r=>r.littleEstimatePool),borderDash:[1,3]}"
                        + (outage ? ",{label:'smallest pool riding out a 2 s outage',data:sizing.map(r=>"
                        + "r.smallestPoolRidingOutage)}" : "")
                        + "]},options:{scales:{y:{title:{display:true,text:'connections (connection_limit)'},"
                        + "beginAtZero:true}}}});\n</script>\n</body></html>\n");
        return sb.toString();
    }

    private static String chartJs() {
        try (InputStream in = SizingReport.class.getClassLoader().getResourceAsStream(CHART_JS)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + CHART_JS + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Safe inside a script element: no early close, no source-map fetch. */
    private static String inline(String js) {
        return js.replaceAll("(?m)^//# sourceMappingURL=.*$", "").replaceAll("(?i)</(script)", "<\\\\/$1")
                .replace("<!--", "<\\!--");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
