package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./harness env}: the printed URLs reach the database through the proxy, a fault made through the printed
 * Toxiproxy API reaches the application it started, SIGTERM leaves nothing running, and an application that never
 * becomes ready is exit 2 with everything stopped.
 */
class EnvCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void startsTheDatabaseAndTheApplicationBehindTheProxyAndSigtermStopsEverything() throws Exception {
        int appPort = freePort();
        URI health = URI.create("http://127.0.0.1:" + appPort + "/api/health/database");
        // the application: the reference service, reading the DATABASE_URL the command hands it
        String app = javaCommand() + " -Xmx160m -Djava.io.tmpdir=" + work.resolve("tmp") + " "
                + HarnessCommand.class.getName() + " app --port " + appPort + " --hash-iterations 1000";
        Path json = work.resolve("env.json");
        HarnessProcess harness = HarnessProcess.start(work, Map.of("CLASSPATH", System.getProperty("java.class.path")),
                "env", "--json", "env.json", "--print-env", "env.sh", "--app-command", app, "--app-log", "app.log",
                "--ready-url", health.toString(), "--ready-timeout", "120s", "--seed", "3");
        List<ProcessHandle> appTree;
        List<ProcessHandle> postgres;
        int code;
        try (harness) {
            harness.awaitOutput(Duration.ofSeconds(150), "harness env: ready; Ctrl-C to stop");
            JsonNode env = JSON.readTree(json.toFile());
            assertThat(Files.getPosixFilePermissions(json)).as("the file holds the password: owner only")
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            assertThat(Files.readString(work.resolve("env.sh"))).contains("DATABASE_URL='postgresql://harness:");
            String out = harness.stdout();
            assertThat(out).as("the pasteable forms are printed")
                    .contains(env.path("postgresUrl").asText(), env.path("jdbcUrl").asText(),
                            "DATABASE_URL='" + env.path("postgresUrl").asText() + "'",
                            "Toxiproxy API " + env.path("toxiproxyUrl").asText() + ", proxy \"postgres\"",
                            "admin URL (straight to PostgreSQL, bypassing the proxy): postgresql://postgres@127.0.0.1:");
            URI api = URI.create(env.path("toxiproxyUrl").asText());
            int proxyPort = env.path("variables").path("PGPORT").asInt();
            assertThat(proxy(api).path("listen").asText()).as("the printed URL is the proxy's listener")
                    .endsWith(":" + proxyPort);

            String jdbc = env.path("jdbcUrl").asText();
            try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_user, current_setting('application_name')")) {
                rs.next();
                assertThat(rs.getString(1) + " " + rs.getString(2)).as("the JDBC URL through the proxy")
                        .isEqualTo("harness chaos-harness");
            }
            if (psqlAvailable()) {
                Process psql = new ProcessBuilder("psql", env.path("postgresUrl").asText(), "-Atc",
                        "SELECT current_setting('application_name')").redirectErrorStream(true).start();
                assertThat(psql.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(psql.getInputStream().readAllBytes()).strip())
                        .as("psql with the postgresql:// URL").isEqualTo("chaos-harness");
            }
            assertThat(status(health)).as("the application started with DATABASE_URL is healthy").isEqualTo(200);

            HttpResponse<String> down = HTTP.send(HttpRequest.newBuilder(api.resolve("/proxies/postgres"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
            assertThatThrownBy(() -> DriverManager.getConnection(jdbc + "&connectTimeout=5").close())
                    .as("the JDBC URL is cut off by the fault").isInstanceOf(SQLException.class);
            URI login = health.resolve("/api/auth/login");
            await("the application's health to answer 503 with the proxy disabled, under logins")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        // one login per poll (bounded by the await): database work whose failures the health judges
                        HTTP.sendAsync(HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"alice@example.com\",\"password\":\"x\"}")).build(),
                                HttpResponse.BodyHandlers.discarding());
                        return status(health) == 503;
                    });

            appTree = harness.process().descendants().toList();
            assertThat(appTree).as("the application runs under the command").isNotEmpty();
            postgres = HarnessProcess.postgresOf(work);
            assertThat(postgres).as("the command's own PostgreSQL").isNotEmpty();

            harness.process().destroy(); // SIGTERM
            code = harness.waitFor(Duration.ofSeconds(90));
            assertThat(code).as("the signal's status; stdout:\n%s\nstderr:\n%s", harness.stdout(), harness.stderr())
                    .isEqualTo(128 + 15);
            assertThat(harness.stdout()).contains("application stopped", "harness env: stopped");
            assertThatThrownBy(() -> new Socket("127.0.0.1", api.getPort()).close())
                    .as("the proxy (and every fault on it) is gone").isInstanceOf(IOException.class);
        }
        await("the application's processes to end").atMost(Duration.ofSeconds(30))
                .until(() -> appTree.stream().noneMatch(ProcessHandle::isAlive));
        await("the PostgreSQL processes to end").atMost(Duration.ofSeconds(30))
                .until(() -> postgres.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(HarnessProcess.postgresOf(work)).as("no PostgreSQL of the command left").isEmpty();
        assertThat(json).as("the files with the password are deleted").doesNotExist();
        assertThat(work.resolve("env.sh")).doesNotExist();
        assertThat(Files.readString(work.resolve("app.log"))).as("the application's output went to --app-log")
                .contains("harness app: reference service on");
    }

    @Test
    void anApplicationThatNeverBecomesReadyIsExit2AndNothingIsLeftRunning() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + freePort() + "/ready");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HarnessCommand.configure(new CommandLine(new EnvCommand(k -> null)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--app-command",
                "echo booting; sleep 307", "--ready-url", nobody.toString(), "--ready-timeout", "3s"));
        List<ProcessHandle> app = new java.util.ArrayList<>();
        await("the application to start").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .failFast("the command ended", exit::isDone)
                .until(() -> {
                    ProcessHandle.current().descendants()
                            .filter(p -> p.info().commandLine().orElse("").contains("sleep 307")).forEach(app::add);
                    return !app.isEmpty();
                });
        assertThat(exit.get(60, TimeUnit.SECONDS)).as("out: %s err: %s", out, err).isEqualTo(2);
        assertThat(err.toString()).contains("--ready-url: the application did not become ready: " + nobody)
                .contains("within 3 s");
        assertThat(out.toString()).contains("app | booting", "harness env: stopped");
        assertThat(app).as("the application's processes are gone").noneMatch(ProcessHandle::isAlive);
        java.util.regex.Matcher ports = java.util.regex.Pattern.compile(
                "Toxiproxy API http://127\\.0\\.0\\.1:(\\d+)[\\s\\S]*bypassing the proxy\\): "
                        + "postgresql://postgres@127\\.0\\.0\\.1:(\\d+)/").matcher(out.toString());
        assertThat(ports.find()).as("the API and the database's ports are printed: %s", out).isTrue();
        for (int i = 1; i <= 2; i++) {
            int port = Integer.parseInt(ports.group(i));
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                    .as("port %d (the proxy's API, then PostgreSQL) is closed", port).isInstanceOf(IOException.class);
        }
    }

    @Test
    void againstAnExternalDatabaseItPrintsNoPasswordAndCreatesNothingThere() throws Exception {
        String password = "env-Kn0wn-pw-5511";
        try (EmbeddedPostgres staging = EmbeddedPostgres.builder().start()) {
            try (Connection c = staging.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE staging_app LOGIN PASSWORD '" + password + "'");
                s.execute("CREATE DATABASE app OWNER staging_app");
            }
            javax.sql.DataSource app = staging.getDatabase("postgres", "app");
            Set<String> before = AppCommandTest.catalog(app);
            String url = "postgresql://staging_app:" + password + "@127.0.0.1:" + staging.getPort()
                    + "/app?sslmode=disable";
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            EnvCommand command = new EnvCommand(Map.of("HARNESS_TARGET_URL", url)::get);
            CommandLine cl = HarnessCommand.configure(new CommandLine(command));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            Path json = work.resolve("env.json");
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--json", json.toString()));
            try {
                await("ready").atMost(Duration.ofSeconds(60)).failFast("exited", exit::isDone)
                        .until(() -> out.toString().contains("harness env: ready"));
                JsonNode env = JSON.readTree(json.toFile());
                assertThat(env.path("kind").asText()).isEqualTo("external");
                try (Connection c = DriverManager.getConnection(env.path("jdbcUrl").asText());
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT inet_server_port(), current_database()")) {
                    rs.next();
                    assertThat(rs.getInt(1) + " " + rs.getString(2)).as("through the proxy, to the target")
                            .isEqualTo(staging.getPort() + " app");
                }
                assertThat(env.path("variables").path("PGPORT").asInt()).as("the proxy's port, not the target's")
                        .isNotEqualTo(staging.getPort());
                assertThat(out.toString()).contains("postgresql://staging_app:****@127.0.0.1:",
                        "jdbc:postgresql://127.0.0.1:", "password=****", "PGPASSWORD='****'",
                        "in front of postgresql://staging_app:****@127.0.0.1:" + staging.getPort() + "/app");
            } finally {
                command.stop();
            }
            assertThat(exit.get(60, TimeUnit.SECONDS)).as("err: %s", err).isZero();
            assertThat(out + err.toString()).as("the target's password is never printed").doesNotContain(password);
            assertThat(json).doesNotExist();
            assertThat(AppCommandTest.catalog(app)).as("nothing created on the target").isEqualTo(before);
        }
    }

    @Test
    void usageErrorsNameTheOptionAndStartNothing() {
        assertThat(usage(Map.of(), "--ready-url", "http://127.0.0.1:1/")).contains("--ready-url needs --app-command");
        assertThat(usage(Map.of(), "--env", "external")).contains("--env external needs the database URL");
        assertThat(usage(Map.of("HARNESS_TARGET_URL", "postgresql://u:hunter2-pw@127.0.0.1:99999/db")))
                .contains("HARNESS_TARGET_URL: port must be a number between 1 and 65535").doesNotContain("hunter2");
        assertThat(usage(Map.of(), "--app-command", "true", "--ready-url", "ftp://x/")).contains("ready URL");
        assertThat(usage(Map.of(), "--target-url", "postgresql://u@127.0.0.1:5/db", "--env", "embedded"))
                .contains("--target-url is only used with --env external");
    }

    private static String usage(Map<String, String> variables, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = HarnessCommand.configure(new CommandLine(new EnvCommand(variables::get)));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as("exit code; err: %s", err).isEqualTo(HarnessCommand.EXIT_USAGE);
        return err.toString();
    }

    private static JsonNode proxy(URI api) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(api.resolve("/proxies/postgres")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int status(URI url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean psqlAvailable() {
        try {
            return new ProcessBuilder("psql", "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
