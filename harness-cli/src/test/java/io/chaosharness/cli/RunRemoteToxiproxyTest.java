package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./harness run --toxiproxy URL --proxy NAME} against a separately started proxy process ({@code ./harness
 * proxy}) that stands between a "staging application" and its database: the run drives only that proxy, refuses
 * what the user did not name, and leaves the proxy list and every toxic exactly as before — also after SIGINT
 * mid-run.
 */
class RunRemoteToxiproxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "remote-Kn0wn-pw-77e1";

    @TempDir
    static Path work;

    private static EmbeddedPostgres staging;
    private static HarnessProcess proxyProcess;
    private static URI api;
    private static String targetUrl;
    private static JsonNode before;

    @BeforeAll
    static void stagingDatabaseBehindASeparateProxyProcess() throws Exception {
        staging = EmbeddedPostgres.builder().start();
        try (Connection c = staging.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE staging_app LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE app OWNER staging_app");
        }
        targetUrl = "postgresql://staging_app:" + PASSWORD + "@127.0.0.1:" + staging.getPort() + "/app";
        proxyProcess = HarnessProcess.start(Files.createDirectories(work.resolve("proxy")), Map.of(),
                "proxy", "-host", "127.0.0.1", "-port", "0");
        await("the proxy process's API").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .failFast("the proxy process exited", () -> !proxyProcess.process().isAlive())
                .until(() -> proxyProcess.stdout().contains("Toxiproxy API listening on"));
        Matcher m = Pattern.compile("listening on (http://\\S+) ").matcher(proxyProcess.stdout());
        assertThat(m.find()).isTrue();
        api = URI.create(m.group(1));
        // the staging application's proxy, and another one the run must not touch (with a toxic of its own)
        post("/proxies", "{\"name\":\"staging-db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
                + staging.getPort() + "\"}");
        post("/proxies", "{\"name\":\"other\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
        post("/proxies/other/toxics", "{\"name\":\"keep-me\",\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
        before = proxies();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (proxyProcess != null) {
            proxyProcess.close();
        }
        if (staging != null) {
            staging.close();
        }
    }

    @Test
    void aRunDrivesOnlyTheNamedProxyAndLeavesEveryProxyAsItWasAlsoAfterSigint() throws Exception {
        Path dir = Files.createDirectories(work.resolve("run"));
        HarnessProcess run = HarnessProcess.start(dir, Map.of("HARNESS_TARGET_URL", targetUrl), "run",
                "--toxiproxy", api.toString(), "--proxy", "staging-db", "--read-only",
                "--scenarios", "latency,brief-outage", "--results", "results", "--report", "site");
        int code;
        JsonNode duringLatency;
        JsonNode duringOutage;
        try (run) {
            run.awaitOutput(Duration.ofSeconds(120), "fault in force: latency");
            duringLatency = proxies();
            run.awaitOutput(Duration.ofSeconds(120), "fault in force: proxy disabled"); // the second scenario, after latency ended
            duringOutage = proxies();
            new ProcessBuilder("kill", "-INT", String.valueOf(run.process().pid())).start().waitFor();
            code = run.waitFor(Duration.ofSeconds(90));
        }
        String out = run.stdout();
        assertThat(code).as("SIGINT's status; stdout:\n%s\nstderr:\n%s", out, run.stderr()).isEqualTo(128 + 2);
        assertThat(out).as("the latency on the named proxy reached the run's pool")
                .contains("existing proxy 'staging-db'", "[1/2] latency: PASS", "[2/2] brief-outage: ABORTED");
        assertThat(duringLatency.path("staging-db").path("toxics").findValuesAsText("name"))
                .as("while latency runs, its toxic is on the named proxy").anyMatch(n -> n.startsWith("chaos-"));
        assertThat(duringOutage.path("staging-db").path("enabled").asBoolean(true))
                .as("while brief-outage runs, the named proxy is disabled").isFalse();
        assertThat(duringOutage.path("staging-db").path("toxics")).as("latency's toxic was removed when it ended")
                .isEmpty();
        assertThat(duringLatency.path("other")).as("the other proxy is not touched").isEqualTo(before.path("other"));
        assertThat(proxies()).as("after SIGINT: the proxy list, each proxy and its toxics exactly as before")
                .isEqualTo(before);
        assertThat(out + run.stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void refusesWhatTheUserDidNotNameAndLeavesTheProxiesAlone() throws Exception {
        assertThat(refused("--toxiproxy", api.toString(), "--proxy", "missing"))
                .contains("no proxy 'missing' on the Toxiproxy at " + api, "it has other, staging-db",
                        "never creates one");
        assertThat(refused("--toxiproxy", api.toString(), "--proxy", "other"))
                .contains("proxy 'other'", "already has toxics (keep-me)");
        assertThat(refused("--toxiproxy", "http://192.0.2.10:8474", "--proxy", "staging-db"))
                .contains("is not a loopback address", "--allow-remote-toxiproxy");
        assertThat(refused("--toxiproxy", api.toString()))
                .contains("--toxiproxy needs --proxy NAME");
        assertThat(refusedWithout("--env", "embedded", "--toxiproxy", api.toString(), "--proxy", "staging-db"))
                .contains("--toxiproxy needs --env external");
        assertThat(proxies()).as("nothing was created, changed or deleted").isEqualTo(before);
    }

    /**
     * The done-when of the application path with a remote Toxiproxy: the Node.js app with the seed plan's bug runs on
     * its own (as on staging), its database through the named proxy; {@code run --app} with {@code --toxiproxy}
     * puts brief-outage on that proxy only, judges the app over HTTP (fail: emergency sessions granted), and leaves
     * every proxy as it was.
     */
    @Test
    void theAppSpecRunsAgainstTheRemoteProxyAndJudgesTheApplicationBehindIt() throws Exception {
        Path app = NodeApp.install(Files.createDirectories(work.resolve("node-app")));
        String listen = proxies().path("staging-db").path("listen").asText();
        int port = NodeApp.freePort();
        String appPassword = "demo-Pw-" + port;
        Path results = work.resolve("app-run/results");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (AppProcess node = AppProcess.builder("node server.js").workingDirectory(app)
                .environment(Map.of("PORT", String.valueOf(port), "DEMO_PASSWORD", appPassword,
                        "DATABASE_URL", "postgresql://staging_app:" + PASSWORD + "@" + listen + "/app"))
                .readyUrl(URI.create("http://127.0.0.1:" + port + "/health")).readyTimeout(Duration.ofSeconds(60))
                .secret(PASSWORD).start()) {
            node.awaitReady();
            Path spec = work.resolve("app-run/node-app.yaml");
            Files.createDirectories(spec.getParent());
            Files.writeString(spec, """
                    version: 1
                    name: node-app-on-staging
                    baseUrl: http://127.0.0.1:%d
                    accounts:
                      - {email: user1@example.com, password: "${env.DEMO_PASSWORD}"}
                    journeys:
                      - name: login
                        steps:
                          - {name: login, method: POST, path: /login, expect: [200],
                             body: {email: "${user.email}", password: "${user.password}"}}
                      - name: users
                        steps:
                          - {name: list-users, path: /api/users, expect: [200]}
                    fallback:
                      json: {pointer: /session, equals: emergency-admin}
                    health: {path: /health, latencyTarget: 500ms, interval: 250ms}
                    load: {users: 5, thinkTime: 250ms, requestTimeout: 10s}
                    """.formatted(port));
            Map<String, String> variables = Map.of("HARNESS_TARGET_URL", targetUrl, "DEMO_PASSWORD", appPassword);
            CommandLine cl = HarnessCommand.configure(new CommandLine(new RunCommand(variables::get)));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute("--app", spec.toString(), "--env", "external", "--toxiproxy", api.toString(),
                    "--proxy", "staging-db", "--scenarios", "brief-outage", "--seed", "14",
                    "--results", results.toString(), "--report", work.resolve("app-run/site").toString());
        }
        io.chaosharness.result.ScenarioResult r = io.chaosharness.result.ResultFiles.readScenario(
                results.resolve("brief-outage.json"));
        assertThat(code).as("exit code; out: %s err: %s", out, err).isEqualTo(HarnessCommand.EXIT_FAIL);
        assertThat(r.verdict()).as("%s", r.criteria()).isEqualTo(io.chaosharness.result.Verdict.FAIL);
        assertThat(r.criteria()).filteredOn(c -> c.name().equals("emergency-admin fallbacks")).singleElement()
                .satisfies(c -> assertThat(c.measuredValue()).as("granted fallbacks counted: %s", c)
                        .isGreaterThanOrEqualTo(1));
        assertThat(r.faults()).as("the outage ran on the named proxy").hasSize(1);
        assertThat(proxies()).as("after the run: every proxy and its toxics exactly as before").isEqualTo(before);
        assertThat(out + "" + err).doesNotContain(PASSWORD).doesNotContain(appPassword);
    }

    private static String refused(String... args) {
        return run(Map.of("HARNESS_TARGET_URL", targetUrl), args);
    }

    private static String refusedWithout(String... args) {
        return run(Map.of(), args);
    }

    private static String run(Map<String, String> variables, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HarnessCommand.configure(new CommandLine(new RunCommand(variables::get)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(options), java.util.stream.Stream.of(
                "--read-only", "--scenarios", "steady-state", "--results", work.resolve("refused/results").toString(),
                "--report", work.resolve("refused/site").toString())).toArray(String[]::new);
        assertThat(cl.execute(args)).as("exit code; out: %s err: %s", out, err).isEqualTo(HarnessCommand.EXIT_USAGE);
        return err.toString();
    }

    private static JsonNode proxies() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve("/proxies")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 201);
    }
}
