package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./harness run --app} on an application in another language: the example Node.js app
 * ({@code examples/node-app}, node's http module and the {@code pg} package) judged over HTTP through brief-outage
 * (the proxy in front of its database down for 2 s), the harness starting the app from the spec. The original,
 * which grants an emergency-admin session on the first database error (the seed plan's bug), must fail with the
 * granted fallbacks counted; the fixed variant ({@code FIX=retries}: the seed's retries and availability check) must
 * pass. Needs node and npm; fails saying so without them.
 */
class AppRunNodeTest {

    private static final String PASSWORD = "node-s3cret-0x5eed";

    @TempDir
    static Path app;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void install() throws Exception {
        NodeApp.install(app);
    }

    @Test
    void theOriginalGrantsEmergencySessionsInABriefOutageAndFails() throws Exception {
        int code = run(false);
        ScenarioResult r = result();

        assertThat(code).as("exit code; %s", output()).isEqualTo(HarnessCommand.EXIT_FAIL);
        assertThat(r.verdict()).as("verdict; %s", output()).isEqualTo(Verdict.FAIL);
        CriterionResult fallbacks = criterion(r, "emergency-admin fallbacks");
        assertThat(fallbacks.verdict()).as("fallbacks: %s", fallbacks).isEqualTo(Verdict.FAIL);
        assertThat(fallbacks.measuredValue()).as("granted fallbacks counted: %s", fallbacks).isGreaterThanOrEqualTo(1);
        assertThat(r.summary().fallbacks()).as("key figures").isEqualTo(fallbacks.measuredValue().longValue());
        assertThat(criterion(r, "failed operations").verdict()).as("reads fail without retries")
                .isEqualTo(Verdict.FAIL);
        assertThat(criterion(r, "health endpoint truthful").verdict()).as("%s", criterion(r, "health endpoint truthful"))
                .isEqualTo(Verdict.PASS);
        assertNoSecretWritten();
    }

    @Test
    void theFixedVariantRidesOutTheBriefOutageAndPasses() throws Exception {
        int code = run(true);
        ScenarioResult r = result();

        assertThat(r.verdict()).as("verdict: %s; %s", r.criteria(), output()).isEqualTo(Verdict.PASS);
        assertThat(code).as("exit code; %s", output()).isEqualTo(HarnessCommand.EXIT_PASS);
        assertThat(criterion(r, "emergency-admin fallbacks").measuredValue()).isZero();
        assertThat(r.criteria()).extracting(CriterionResult::name).contains("error rate after retries",
                "failed operations", "health endpoint latency", "health endpoint truthful",
                "recovery to first success");
        assertThat(r.summary().operations()).as("requests recorded").isGreaterThan(100); // 5 users × 4/s × 8 s = 160 planned
        assertThat(r.faults()).as("the outage ran").hasSize(1);
        assertThat(r.config().get("adaptations").toString()).as("retries are not judged from outside")
                .contains("retries");
        assertNoSecretWritten();
    }

    private int run(boolean fixed) throws IOException {
        int port = NodeApp.freePort();
        String spec = """
                version: 1
                name: node-app%s
                baseUrl: http://127.0.0.1:%d
                accounts:
                  - {email: user1@example.com, password: "${env.DEMO_PASSWORD}"}
                  - {email: user2@example.com, password: "${env.DEMO_PASSWORD}"}
                journeys:
                  - name: login
                    steps:
                      - name: login
                        method: POST
                        path: /login
                        body: {email: "${user.email}", password: "${user.password}"}
                        expect: [200]
                  - name: users
                    steps:
                      - {name: list-users, path: /api/users, expect: [200]}
                fallback:
                  json: {pointer: /session, equals: emergency-admin}
                health:
                  path: /health
                  latencyTarget: 500ms
                  interval: 250ms
                start:
                  command: [node, server.js]
                  environment:
                    PORT: "%d"
                    DEMO_PASSWORD: "${env.DEMO_PASSWORD}"%s
                  readinessUrl: http://127.0.0.1:%d/health
                  readinessTimeout: 30s
                load:
                  users: 5
                  thinkTime: 250ms
                  requestTimeout: 10s
                """.formatted(fixed ? "-fixed" : "", port, port, fixed ? "\n    FIX: retries" : "", port);
        Path file = app.resolve("spec-" + (fixed ? "fixed" : "original") + ".yaml");
        Files.writeString(file, spec);
        Map<String, String> env = Map.of("DEMO_PASSWORD", PASSWORD);
        CommandLine cl = HarnessCommand.configure(new CommandLine(new RunCommand(env::get)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("--app", file.toString(), "--scenarios", "brief-outage", "--env", "embedded", "--seed", "14",
                "--results", dir.resolve("results").toString(), "--report", dir.resolve("report").toString());
    }

    private ScenarioResult result() throws Exception {
        Path file = dir.resolve("results").resolve("brief-outage.json");
        assertThat(file).as("result file; output: %s", output()).exists();
        return ResultFiles.readScenario(file);
    }

    private static CriterionResult criterion(ScenarioResult r, String name) {
        return r.criteria().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion '" + name + "' in " + r.criteria()));
    }

    private void assertNoSecretWritten() throws IOException {
        assertThat(output()).as("console").doesNotContain(PASSWORD);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.UTF_8)).as("%s", f).doesNotContain(PASSWORD);
            }
        }
    }

    private String output() {
        return out + "\n" + err;
    }
}
