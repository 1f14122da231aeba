package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The repository's reference service ({@code ./harness app}) judged as a black box: only over HTTP, through the
 * example spec's journeys ({@code docs/examples/reference-service.yaml}: sign-in, the break-glass login, the admin
 * users list; fallback {@code "session":"emergency-admin"}; health {@code /api/health/database}), with the harness
 * starting it as a child JVM against the environment's database through the proxy, during brief-outage. Every criterion
 * is measured from outside, and no emergency session is granted (the break-glass login falls back only when the
 * database is judged unavailable, which a 2 s outage does not reach). Latency and error criteria are judged and
 * reported, not asserted here: they are timing on a shared machine (the verdict and the exit code must agree).
 */
class AppRunReferenceServiceTest {

    private static final String DEMO = "ref-demo-s3cret-0x5eed";
    private static final String BREAK_GLASS = "ref-glass-s3cret-0x5eed";
    private static final String TOKEN = "ref-admin-token-0x5eed-0123456789";

    @TempDir
    Path dir;

    @Test
    void theReferenceServiceJudgedOverHttpMasksABriefOutage() throws Exception {
        int port = NodeApp.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the example spec, as a user would adapt it: a free port, and started by the harness
        String spec = Files.readString(Path.of("..", "docs", "examples", "reference-service.yaml"))
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + port)
                // with the database up the service refuses the break-glass credential (401): that is its design
                .replace("password: \"${env.HARNESS_BREAK_GLASS_PASSWORD}\"}\n        expect: 200",
                        "password: \"${env.HARNESS_BREAK_GLASS_PASSWORD}\"}\n        expect: [200, 401]")
                // probes often enough that some fall inside the 2 s outage past the truthfulness grace
                .replace("  interval: 1s\n", "  interval: 250ms\n")
                .replaceAll("(?ms)^load:.*", "") + """
                start:
                  command: ["%s", "-Xmx256m", "-cp", "%s", "%s", "app", "--port", "%d", "--hash-iterations", "1000"]
                  environment:
                    HARNESS_ADMIN_TOKEN: "${env.HARNESS_ADMIN_TOKEN}"
                    HARNESS_DEMO_PASSWORD: "${env.HARNESS_DEMO_PASSWORD}"
                    HARNESS_BREAK_GLASS_PASSWORD: "${env.HARNESS_BREAK_GLASS_PASSWORD}"
                  readinessUrl: http://127.0.0.1:%d/api/health/database
                  readinessTimeout: 90s
                load:
                  users: 8
                  thinkTime: 250ms
                  requestTimeout: 15s
                """.formatted(java, System.getProperty("java.class.path"), HarnessCommand.class.getName(), port, port);
        Path file = dir.resolve("reference-service.yaml");
        Files.writeString(file, spec);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("HARNESS_ADMIN_TOKEN", TOKEN, "HARNESS_DEMO_PASSWORD", DEMO,
                "HARNESS_BREAK_GLASS_PASSWORD", BREAK_GLASS);
        CommandLine cl = HarnessCommand.configure(new CommandLine(new RunCommand(env::get)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("--app", file.toString(), "--scenarios", "brief-outage", "--env", "embedded",
                "--seed", "14", "--results", dir.resolve("results").toString(),
                "--report", dir.resolve("report").toString());
        String output = out + "\n" + err;

        Path resultFile = dir.resolve("results").resolve("brief-outage.json");
        assertThat(resultFile).as("result file; output: %s", output).exists();
        ScenarioResult r = ResultFiles.readScenario(resultFile);
        assertThat(r.verdict()).as("judged (error: %s); output: %s", r.error(), output).isIn(Verdict.PASS, Verdict.FAIL);
        assertThat(r.config()).as("judged as a black box").containsEntry("system", "black box (HTTP)");
        assertThat(r.criteria()).as("judged, every criterion measured: %s", r.criteria())
                .allSatisfy(c -> assertThat(c.verdict()).isNotEqualTo(Verdict.NOT_MEASURED));
        assertThat(criterion(r, "emergency-admin fallbacks").measuredValue()).as("%s", r.criteria()).isZero();
        assertThat(r.summary().operations()).as("requests recorded").isGreaterThan(50);
        assertThat(code).as("exit code (%s); output: %s", r.verdict(), output)
                .isEqualTo(r.verdict() == Verdict.PASS ? HarnessCommand.EXIT_PASS : HarnessCommand.EXIT_FAIL);
        for (String secret : new String[] {DEMO, BREAK_GLASS, TOKEN}) {
            assertThat(output).as("console").doesNotContain(secret);
            try (Stream<Path> files = Files.walk(dir.resolve("results"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f, StandardCharsets.UTF_8)).as("%s", f).doesNotContain(secret);
                }
            }
        }
    }

    private static CriterionResult criterion(ScenarioResult r, String name) {
        return r.criteria().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion '" + name + "' in " + r.criteria()));
    }
}
