package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AppCommandTest {

    private static final String DB_PASSWORD = "app-cli-s3cret";
    private static final String ADMIN_TOKEN = "cli-test-admin-token-0123456789";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(AppCommand command) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    @Test
    void isRegisteredAsASubcommand() {
        assertThat(HarnessCommand.commandLine().getSubcommands()).containsKey("app");
    }

    @Test
    void servesTheGivenDatabaseWithTheTokenFromTheEnvironmentUntilStopped() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE app LOGIN SUPERUSER PASSWORD '" + DB_PASSWORD + "'");
            }
            String url = "postgresql://app:" + DB_PASSWORD + "@127.0.0.1:" + pg.getPort()
                    + "/postgres?connection_limit=4&pool_timeout=5";
            AppCommand command = new AppCommand(Map.of("HARNESS_ADMIN_TOKEN", ADMIN_TOKEN,
                    "HARNESS_DEMO_PASSWORD", "demo-password-1")::get);
            CommandLine cl = commandLine(command);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(
                    "--port", "0", "--database-url", url, "--hash-iterations", "1000", "--seed", "5"));
            try {
                Matcher m = CommandOutput.awaitMatch(Pattern.compile("reference service on (http://\\S+) "),
                        Duration.ofSeconds(30), out, err, exit);
                URI base = URI.create(m.group(1));
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> users = http.send(HttpRequest.newBuilder(base.resolve("/api/admin/users"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
                assertThat(users.body()).contains("alice@example.com", "admin@example.com");
                HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"bob@example.com\",\"password\":\"demo-password-1\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            } finally {
                command.stop();
            }
            assertThat(exit.get(30, TimeUnit.SECONDS)).as("exit code; err: %s", err).isZero();
            assertThat(out.toString()).contains("admin token from HARNESS_ADMIN_TOKEN", "postgresql://app:****@",
                    "break-glass account breakglass@chaosharness.local", "harness app: stopped");
            assertThat(out + err.toString()).as("output never shows the database password or the given token")
                    .doesNotContain(DB_PASSWORD).doesNotContain(ADMIN_TOKEN).doesNotContain("demo-password-1");
        }
    }

    @Test
    void onANamedDatabaseItCreatesNothingOutsideItsOwnSchemaAndDropsThatAfterSigterm(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path work) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE app LOGIN PASSWORD '" + DB_PASSWORD + "'");
                s.execute("CREATE DATABASE shop OWNER app");
            }
            javax.sql.DataSource shop = pg.getDatabase("postgres", "shop");
            java.util.Set<String> before = catalog(shop);
            String url = "postgresql://app:" + DB_PASSWORD + "@127.0.0.1:" + pg.getPort()
                    + "/shop?connection_limit=4&pool_timeout=5";
            try (HarnessProcess app = HarnessProcess.start(work, Map.of("HARNESS_ADMIN_TOKEN", ADMIN_TOKEN,
                    "HARNESS_DEMO_PASSWORD", "demo-password-3", "DATABASE_URL", url),
                    "app", "--port", "0", "--hash-iterations", "1000")) {
                org.awaitility.Awaitility.await("the service announcing itself").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .failFast("the process ended", () -> !app.process().isAlive())
                        .until(() -> app.stdout().contains("harness app: Ctrl-C to stop"));
                assertThat(app.stdout()).as("the schema is announced").contains("in the schema chaos_harness_run_");
                java.util.Set<String> running = catalog(shop);
                assertThat(running).as("while running: the users table lives in the service's own schema")
                        .anyMatch(n -> n.matches("relation chaos_harness_run_[0-9a-f]+\\.harness_users"))
                        .doesNotContain("relation public.harness_users");
                java.util.Set<String> added = new java.util.TreeSet<>(running);
                added.removeAll(before);
                assertThat(added).as("everything added while running is inside the service's schema")
                        .allMatch(n -> n.matches("schema chaos_harness_run_[0-9a-f]+|relation chaos_harness_run_"
                                + "[0-9a-f]+\\..+|relation pg_toast\\.pg_toast_\\d+(_index)?"));

                app.process().destroy(); // SIGTERM, as Ctrl-C
                app.waitFor(Duration.ofSeconds(60));
                assertThat(app.stdout()).as("stopped cleanly; stderr: %s", app.stderr())
                        .contains("harness app: stopped");
                assertThat(app.stdout() + app.stderr()).as("no password in the output").doesNotContain(DB_PASSWORD);
            }
            assertThat(catalog(shop)).as("schemas, tables and roles after the service exited").isEqualTo(before);
        }
    }

    /** Every schema, relation (with its schema) and role the server holds, as seen from {@code ds}. */
    static java.util.Set<String> catalog(javax.sql.DataSource ds) throws java.sql.SQLException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT 'schema ' || nspname FROM pg_namespace UNION ALL "
                        + "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
                        + "ON n.oid = c.relnamespace UNION ALL SELECT 'role ' || rolname FROM pg_roles")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void withoutAUrlItStartsTheEmbeddedEnvironmentAndPrintsTheToxiproxyApiThenStopsEverything() throws Exception {
        AppCommand command = new AppCommand(Map.of("HARNESS_DEMO_PASSWORD", "demo-password-2")::get);
        CommandLine cl = commandLine(command);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(
                "--port", "0", "--hash-iterations", "1000", "--seed", "9"));
        URI api;
        try {
            Matcher m = CommandOutput.awaitMatch(
                    Pattern.compile("reference service on (http://\\S+) [\\s\\S]*Toxiproxy API (http://\\S+) "),
                    Duration.ofSeconds(60), out, err, exit);
            URI base = URI.create(m.group(1));
            api = URI.create(m.group(2));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> proxy = http.send(HttpRequest.newBuilder(api.resolve("/proxies/postgres")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(proxy.statusCode()).as("the database proxy on the printed API: " + proxy.body()).isEqualTo(200);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/api/health/database")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"max\":15");
        } finally {
            command.stop();
        }
        assertThat(exit.get(60, TimeUnit.SECONDS)).as("exit code; err: %s", err).isZero();
        assertThat(out.toString()).contains("admin token (generated, shown once)", "embedded PostgreSQL 17",
                "harness:****@127.0.0.1", "connection_limit=15");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI stoppedApi = api;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> http.send(
                HttpRequest.newBuilder(stoppedApi.resolve("/version")).build(), HttpResponse.BodyHandlers.ofString())))
                .as("the Toxiproxy API is gone after Ctrl-C").isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aBadUrlIsAUsageErrorThatNamesTheFieldButNotThePassword() {
        int code = commandLine(new AppCommand(k -> null)).execute("--port", "0", "--database-url",
                "postgresql://u:hunter2-secret@127.0.0.1:5432/db?connection_limit=0", "--hash-iterations", "1000");
        assertThat(code).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("connection_limit").doesNotContain("hunter2-secret");
    }

    @Test
    void aShortAdminTokenIsAUsageError() {
        int code = commandLine(new AppCommand(k -> null)).execute("--port", "0", "--database-url",
                "postgresql://u:p@127.0.0.1:5432/db", "--admin-token", "short", "--hash-iterations", "1000");
        assertThat(code).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("admin token must be at least 16");
    }
}
