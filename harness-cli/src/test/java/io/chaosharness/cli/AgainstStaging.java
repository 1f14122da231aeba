package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./harness run --env external} end to end, as a child JVM, against a second PostgreSQL started here (standing
 * in for staging) with a known password; then everything the run produced is searched for that password. The
 * staging database and the helpers shared by {@link RunExternalTest} and {@link AllScenariosOnStagingTest} (two
 * classes so that the one long run, every scenario, runs in a test JVM of its own beside the others).
 */
abstract class AgainstStaging {
    static final String PASSWORD = "Staging-Kn0wn-pw-4e1f";
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedPostgres staging;

    @TempDir
    Path work;

    @BeforeAll
    static void startStaging() throws Exception {
        staging = EmbeddedPostgres.builder().start();
        try (Connection c = staging.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE staging_app LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE app OWNER staging_app");
        }
    }

    @AfterAll
    static void stopStaging() throws IOException {
        if (staging != null) {
            staging.close();
        }
    }

    static String targetUrl() {
        return "postgresql://staging_app:" + PASSWORD + "@127.0.0.1:" + staging.getPort()
                + "/app?connection_limit=15&pool_timeout=10";
    }

    /** Runs {@code harness args...} with {@code HARNESS_TARGET_URL} naming staging, to its end (at most 120 s). */
    HarnessProcess runAgainstStaging(String... args) throws Exception {
        return runAgainstStaging(Duration.ofSeconds(120), args);
    }

    /** Runs {@code harness args...} with {@code HARNESS_TARGET_URL} naming staging, to its end (at most {@code limit}). */
    HarnessProcess runAgainstStaging(Duration limit, String... args) throws Exception {
        HarnessProcess harness = HarnessProcess.start(work, Map.of("HARNESS_TARGET_URL", targetUrl()), args);
        try (harness) {
            harness.waitFor(limit);
        }
        return harness;
    }

    /** Stdout, stderr and every file the run wrote (results, harness.log, report, temporary files). */
    void assertNoSecretIn(HarnessProcess harness) throws IOException {
        assertThat(harness.stdout()).as("stdout").doesNotContain(PASSWORD);
        assertThat(harness.stderr()).as("stderr").doesNotContain(PASSWORD);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(work)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).as("the run wrote results, a log and a report")
                .anyMatch(p -> p.endsWith("harness.log")).anyMatch(p -> p.endsWith("index.html"))
                .anyMatch(p -> p.getParent().endsWith("results") && p.toString().endsWith(".json"));
        byte[] secret = PASSWORD.getBytes(StandardCharsets.UTF_8);
        for (Path f : files) {
            assertThat(indexOf(Files.readAllBytes(f), secret)).as("password in %s", work.relativize(f)).isEqualTo(-1);
        }
        assertThat(Files.readString(work.resolve("results/harness.log"))).as("the log is not empty")
                .contains("external: ready");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
