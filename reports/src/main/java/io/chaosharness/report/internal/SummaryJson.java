package io.chaosharness.report.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaosharness.report.BrokenFile;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Recovery;
import io.chaosharness.result.Verdict;
import java.util.Map;

/**
 * The machine-readable twin of the page: overall verdict, per-scenario verdicts and criteria, Gatling verdicts,
 * broken files. {@link HistoryReader} reads it back for the trend of later runs. File names only, never absolute
 * paths, so a summary can be archived and compared across machines.
 */
public final class SummaryJson {

    /** The {@code kind} member that identifies a summary among other JSON files. */
    public static final String KIND = "resilience-report-summary";

    private SummaryJson() {
    }

    public static ObjectNode of(ReportModel model, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("kind", KIND);
        root.put("generatedAt", model.generatedAt().toString());
        root.put("verdict", model.verdict().id());
        ObjectNode counts = root.putObject("counts");
        counts.put("scenarios", model.scenarios().size());
        for (Map.Entry<Verdict, Long> e : model.countByVerdict().entrySet()) {
            counts.put(e.getKey().json(), e.getValue());
        }
        counts.put("simulations", model.simulations().size());
        counts.put("brokenFiles", model.brokenFiles().size());
        HistoryRun totals = model.asRun("this run");
        ObjectNode key = root.putObject("keyFigures");
        key.put("operations", totals.operations());
        key.put("failed", totals.failed());
        putNullable(key, "errorPct", totals.errorPct());
        key.put("fallbacks", totals.fallbacks());
        key.put("retries", totals.retries());
        putNullable(key, "worstP99Ms", totals.worstP99Ms());
        putNullable(key, "maxUtilisation", totals.maxUtilisation());

        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioReport s : model.scenarios()) {
            ObjectNode n = scenarios.addObject();
            n.put("scenario", s.scenario());
            n.put("title", s.title());
            n.put("verdict", s.verdict().json());
            n.put("declaredVerdict", s.declaredVerdict().json());
            n.put("file", s.file().getFileName().toString());
            n.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
            putNullable(n, "durationMs", s.durationMs() == null ? null : s.durationMs().doubleValue());
            n.put("seed", s.seed());
            if (s.error() != null) {
                n.put(s.verdict() == Verdict.SKIPPED ? "skipReason" : "error", s.error());
            }
            ArrayNode departures = n.putArray("departures");
            HtmlRenderer.jsonList(s.config().get("notes")).forEach(departures::add);
            HtmlRenderer.jsonList(s.config().get("adaptations")).forEach(a -> departures.add("this run: " + a));
            ObjectNode env = n.putObject("environment");
            s.environment().forEach(env::put);
            ArrayNode criteria = n.putArray("criteria");
            for (CriterionResult c : s.criteria()) {
                ObjectNode cn = criteria.addObject();
                cn.put("name", c.name());
                cn.put("seedCriterion", c.seedCriterion());
                cn.put("target", c.target());
                cn.put("measured", c.measured());
                cn.put("verdict", c.verdict() == null ? "fail" : c.verdict().json());
            }
            ArrayNode recovery = n.putArray("recovery");
            for (Recovery r : s.recovery()) {
                ObjectNode rn = recovery.addObject();
                rn.put("faultId", r.faultId());
                rn.put("toFirstSuccessMs", r.toFirstSuccessMs());
                rn.put("toP99Under100msMs", r.toP99Under100msMs());
                rn.put("toStartedP99Under100msMs", r.toStartedP99Under100msMs());
                if (r.upMs() != null) {
                    rn.put("upMs", r.upMs());
                }
            }
            n.set("figures", mapper.valueToTree(s.figures()));
        }
        ArrayNode sims = root.putArray("simulations");
        for (GatlingRun g : model.simulations()) {
            ObjectNode n = sims.addObject();
            n.put("simulation", g.simulation());
            n.put("verdict", g.passed() ? "pass" : "fail");
            n.put("file", g.file().getFileName().toString());
            putNullable(n, "requests", g.requests() == null ? null : g.requests().doubleValue());
            putNullable(n, "failedPct", g.failedPct());
            putNullable(n, "p95Ms", g.p95Ms());
            putNullable(n, "p99Ms", g.p99Ms());
            putNullable(n, "throughputRps", g.throughputRps());
            n.put("emergencyAdminResponses", g.emergencyAdminResponses());
            n.put("report", g.reportLink());
        }
        ArrayNode broken = root.putArray("brokenFiles");
        for (BrokenFile b : model.brokenFiles()) {
            ObjectNode n = broken.addObject();
            n.put("file", b.file().getFileName().toString());
            n.put("message", b.message());
        }
        ArrayNode notes = root.putArray("notes");
        model.notes().forEach(notes::add);
        return root;
    }

    private static void putNullable(ObjectNode n, String field, Double v) {
        if (v == null) {
            n.putNull(field);
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            n.put(field, v.longValue());
        } else {
            n.put(field, v);
        }
    }
}
