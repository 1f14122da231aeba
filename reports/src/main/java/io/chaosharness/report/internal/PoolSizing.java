package io.chaosharness.report.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pool-sizing table of {@code ./harness size} as the main report shows it: read from
 * {@code <results>/pool-sizing/pool-sizing.json} (schema {@value #SCHEMA}, {@code docs/result-schema.md}), with a link
 * to the sizing page when {@value #PAGE} stands next to the report. A measurement beside the verdict, not part of it.
 *
 * @param file     the JSON read; {@code null} when only the page was found
 * @param complete every planned cell ran; {@code ended} says why not
 * @param page     the page's link relative to the report ({@value #PAGE}), {@code null} when it is not there
 */
public record PoolSizing(Path file, boolean complete, String ended, String environment, String design, Long seed,
                         Long cellTimeMs, boolean outage, List<Row> rows, String page) {

    /** The schema {@code ./harness size} writes. */
    public static final String SCHEMA = "chaos-harness/pool-sizing/1";
    /** Where {@code ./harness size} puts its JSON below a results folder. */
    static final String JSON = "pool-sizing/pool-sizing.json";
    /** The sizing page's name in the report folder. */
    public static final String PAGE = "pool-sizing.html";

    public PoolSizing {
        rows = List.copyOf(rows);
    }

    /**
     * One row of the table; a {@code null} pool is "none in the measured range" (or, for {@code ridingOutage}, not
     * measured without the fault).
     */
    public record Row(int users, String band, double utilisationTarget, int appendixMin, int appendixMax,
                      List<Integer> poolsMeasured, Integer smallestPassingPool, Double littleBusyConnections,
                      Integer littleEstimatePool, Integer smallestPoolRidingOutage) {

        public Row {
            poolsMeasured = List.copyOf(poolsMeasured);
        }
    }

    /**
     * The sizing result of the first results folder that has one, linked to the page in {@code out} when it is
     * there; only the link when just the page is found; empty when neither is. A file that cannot be read becomes
     * a note naming it (the report goes on: the sizing table is not part of its verdict).
     */
    public static Optional<PoolSizing> find(ObjectMapper mapper, List<Path> resultFolders, Path out, List<String> notes) {
        String page = Files.isRegularFile(out.resolve(PAGE)) ? PAGE : null;
        for (Path folder : resultFolders) {
            Path file = folder.resolve(JSON);
            if (!Files.isDirectory(folder) || !Files.isRegularFile(file)) {
                continue;
            }
            try {
                return Optional.of(read(mapper, file, page));
            } catch (IOException | IllegalArgumentException e) {
                notes.add("Pool sizing " + file + " could not be read (left out of the report): " + e.getMessage());
                break;
            }
        }
        return page == null ? Optional.empty()
                : Optional.of(new PoolSizing(null, false, null, null, null, null, null, false, List.of(), page));
    }

    static PoolSizing read(ObjectMapper mapper, Path file, String page) throws IOException {
        JsonNode doc = mapper.readTree(file.toFile());
        if (doc == null || !SCHEMA.equals(doc.path("schema").asText(null))) {
            throw new IllegalArgumentException("schema must be '" + SCHEMA + "', but was "
                    + (doc == null ? "an empty file" : "'" + doc.path("schema").asText("missing") + "'"));
        }
        if (!doc.path("rows").isArray()) {
            throw new IllegalArgumentException("rows must be a list, but was " + doc.path("rows").getNodeType());
        }
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (JsonNode r : doc.path("rows")) {
            JsonNode range = r.path("appendixA");
            if (!r.path("users").isInt() || !range.isArray() || range.size() != 2) {
                throw new IllegalArgumentException("rows[" + i + "] must have users and appendixA [min, max], but was "
                        + r);
            }
            List<Integer> measured = new ArrayList<>();
            r.path("poolsMeasured").forEach(p -> measured.add(p.asInt()));
            rows.add(new Row(r.path("users").asInt(), r.path("band").asText(""), r.path("utilisationTarget").asDouble(),
                    range.get(0).asInt(), range.get(1).asInt(), measured, integer(r, "smallestPassingPool"),
                    r.path("littleBusyConnections").isNumber() ? r.path("littleBusyConnections").asDouble() : null,
                    integer(r, "littleEstimatePool"), integer(r, "smallestPoolRidingOutage")));
            i++;
        }
        return new PoolSizing(file, doc.path("complete").asBoolean(false), doc.path("ended").asText(null),
                doc.path("environment").asText(null), doc.path("design").asText(null),
                doc.path("seed").isNumber() ? doc.path("seed").asLong() : null,
                doc.path("cellTimeMs").isNumber() ? doc.path("cellTimeMs").asLong() : null,
                "outage".equals(doc.path("fault").asText(null)), rows, page);
    }

    private static Integer integer(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asInt() : null;
    }
}
