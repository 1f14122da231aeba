package io.chaosharness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/** The committed fixtures, and a writer for synthetic scenario files (large, hostile). */
public final class Fixtures {

    public static final Instant START = Instant.parse("2026-11-27T15:00:00Z");

    private Fixtures() {
    }

    /** A folder under {@code src/test/resources/fixtures}. */
    public static Path fixture(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a scenario result with {@code operations} operations spread over {@code seconds}, each with one attempt,
     * a pool gauge per second, and one fault window from 40 % to 60 % of the run in which a tenth of attempts fail.
     */
    public static Path syntheticScenario(Path folder, String id, String title, int operations, int seconds, long seed)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("scenario", id);
        root.put("title", title);
        root.put("description", "Synthetic scenario " + id);
        root.put("verdict", "pass");
        root.put("seed", seed);
        root.put("startedAt", START.toString());
        root.put("durationMs", seconds * 1000L);
        ObjectNode env = root.putObject("environment");
        env.put("provider", "embedded");
        env.put("postgresVersion", "17.6");
        ObjectNode config = root.putObject("config");
        config.put("databaseUrl", "postgresql://harness:****@127.0.0.1:5432/harness");
        ArrayNode faults = root.putArray("faults");
        long faultFrom = seconds * 400L;
        long faultLength = seconds * 200L;
        ObjectNode f = faults.addObject();
        f.put("id", "f1");
        f.put("kind", "latency");
        f.put("description", "latency 200ms");
        f.put("startOffsetMs", faultFrom);
        f.put("durationMs", faultLength);
        ArrayNode criteria = root.putArray("criteria");
        ObjectNode c = criteria.addObject();
        c.put("name", "errors");
        c.put("seedCriterion", "error-rate");
        c.put("target", "< 1 %");
        c.put("measured", "0.5 %");
        c.put("verdict", "pass");
        ArrayNode timeline = root.putArray("timeline");
        Random random = new Random(seed);
        event(timeline, "fault", START.plusMillis(faultFrom)).put("faultId", "f1").put("phase", "APPLIED").put("kind", "latency");
        event(timeline, "fault", START.plusMillis(faultFrom + faultLength)).put("faultId", "f1").put("phase", "REMOVED").put("kind", "latency");
        for (int s = 0; s < seconds; s++) {
            event(timeline, "pool-gauge", START.plusMillis(s * 1000L + 500)).put("pool", "p").put("total", 10)
                    .put("active", 2 + random.nextInt(5)).put("idle", 3).put("waiting", 0).put("max", 15);
        }
        for (int i = 0; i < operations; i++) {
            long at = (long) i * seconds * 1000L / operations;
            boolean inFault = at >= faultFrom && at < faultFrom + faultLength;
            boolean fail = inFault && random.nextInt(10) == 0;
            double latency = (inFault ? 200 : 3) + random.nextDouble() * 2;
            event(timeline, "attempt", START.plusMillis(at)).put("operation", "select-1").put("attempt", 1)
                    .put("latencyMs", latency).put("outcome", fail ? "FAILURE" : "SUCCESS")
                    .put("failureClass", fail ? "TRANSIENT" : null).put("sqlState", fail ? "08006" : null)
                    .put("message", fail ? "An I/O error occurred while sending to the backend." : null);
        }
        Files.createDirectories(folder);
        Path file = folder.resolve(id + ".json");
        mapper.writeValue(file.toFile(), root);
        return file;
    }

    private static ObjectNode event(ArrayNode timeline, String type, Instant at) {
        ObjectNode e = timeline.addObject();
        e.put("type", type);
        e.put("at", at.toString());
        return e;
    }
}
