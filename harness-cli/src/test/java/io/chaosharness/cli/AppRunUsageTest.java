package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./harness run --app} refuses bad input before anything starts: exit 2, the file, line and field named. */
class AppRunUsageTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = HarnessCommand.configure(new CommandLine(new RunCommand(env::get)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path spec(String baseUrl, String extra) throws Exception {
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, """
                version: 1
                baseUrl: %s
                journeys:
                  - name: users
                    steps:
                      - {name: list, path: /api/users, expect: [200]}
                health: {path: /health}
                %s""".formatted(baseUrl, extra));
        return f;
    }

    @Test
    void aMissingSpecFileIsAUsageErrorNamingIt() {
        int code = run(Map.of(), "--app", dir.resolve("nope.yaml").toString(), "--scenarios", "brief-outage");
        assertThat(code).as("%s %s", out, err).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("nope.yaml").contains("no such file");
    }

    @Test
    void anUnsetEnvironmentVariableNamesTheFieldThatReadsIt() throws Exception {
        Path f = spec("http://127.0.0.1:9", "accounts:\n  - {email: a@example.com, password: \"${env.NOT_SET_X}\"}\n");
        int code = run(Map.of(), "--app", f.toString(), "--scenarios", "brief-outage", "--dry-run");
        assertThat(code).as("%s %s", out, err).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("app.yaml:").contains("NOT_SET_X");
    }

    @Test
    void anUnreachableBaseUrlIsAUsageErrorAtItsLineAndNothingStarts() throws Exception {
        int port = NodeApp.freePort(); // nothing listens there
        Path f = spec("http://127.0.0.1:" + port, "");
        int code = run(Map.of(), "--app", f.toString(), "--scenarios", "brief-outage", "--env", "embedded",
                "--results", dir.resolve("results").toString(), "--report", dir.resolve("report").toString());
        assertThat(code).as("%s %s", out, err).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("app.yaml:2").contains("baseUrl");
        assertThat(out.toString()).as("no environment started").doesNotContain("starting the");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void designOptionsAreRefusedBecauseTheApplicationRunsItsOwnDesign() throws Exception {
        Path f = spec("http://127.0.0.1:9", "");
        int code = run(Map.of(), "--app", f.toString(), "--scenarios", "brief-outage", "--dry-run",
                "--pool", "connection_limit=5");
        assertThat(code).as("%s %s", out, err).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--app judges the application's own design").contains("--pool");
        assertThat(out.toString()).as("no plan printed").doesNotContain("brief-outage - Brief outage");
    }

    @Test
    void theDryRunPrintsWhatIsJudgedAndWhatIsNot() throws Exception {
        Path f = spec("http://127.0.0.1:9", "");
        int code = run(Map.of(), "--app", f.toString(), "--scenarios", "brief-outage,pool-exhaustion", "--dry-run",
                "--base-url", "http://127.0.0.1:9999");
        assertThat(code).as("%s %s", out, err).isZero();
        assertThat(out.toString()).contains("at http://127.0.0.1:9999").contains("brief-outage - Brief outage")
                .contains("health endpoint latency every probe ≤ 500 ms")
                .contains("criterion 'retries' ≥ 1 not judged")
                .contains("pool-exhaustion - SKIPPED for a black box");
    }
}
