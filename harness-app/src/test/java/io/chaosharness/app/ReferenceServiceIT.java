package io.chaosharness.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.fallback.BreakGlassCredential;
import io.chaosharness.fallback.PasswordHasher;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.retry.ResilienceConfig;
import io.chaosharness.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference service over real HTTP against a real PostgreSQL, plus a second instance whose database is
 * unreachable. Every response is kept and searched for secrets at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceServiceIT {

    private static final String ADMIN_TOKEN = "test-admin-token-" + AdminToken.generate();
    private static final String DEMO_PASSWORD = "demo-" + DemoUsers.generatePassword();
    private static final String BREAK_GLASS_EMAIL = "breakglass@example.com";
    private static final String BREAK_GLASS_PASSWORD = "bg-" + DemoUsers.generatePassword();
    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private static ReferencePool pool;
    private static ReferenceService service;
    private static ReferencePool downPool;
    private static ReferenceService downService;
    private static EventRecorder downRecorder;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        pool = ReferencePool.start(PoolSettings.parse(postgres.url("connection_limit=5&pool_timeout=5")),
                new EventRecorder(Clock.systemUTC()), 11L);
        service = ReferenceService.start(pool, config().build());
        DemoUsers.seed(service.users(), DEMO_PASSWORD);

        downRecorder = new EventRecorder(Clock.systemUTC());
        downPool = ReferencePool.builder(PoolSettings.parse(TestPostgres.closedPortUrl(
                        "connection_limit=2&pool_timeout=1&connect_timeout=1")))
                .recorder(downRecorder).seed(12L)
                .resilience(ResilienceConfig.custom().maxRetries(1).baseDelay(Duration.ofMillis(20)).build())
                .availability(new AvailabilityConfig(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(20)))
                .start();
        downService = ReferenceService.start(downPool, config().availabilityRetryCount(2).build());
    }

    private static ServiceConfig.Builder config() {
        return ServiceConfig.custom().port(0).adminToken(AdminToken.of(ADMIN_TOKEN)).hasher(HASHER)
                .breakGlass(BreakGlassCredential.of(BREAK_GLASS_EMAIL, BREAK_GLASS_PASSWORD, HASHER))
                .gaugePeriod(Duration.ofMillis(50)).serverProbePeriod(Duration.ofMillis(200));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {service, pool, downService, downPool}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest; a leak here would show up as a port or process left behind
                e.printStackTrace();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        SEEN.add(r.headers().map() + "\n" + r.body());
        return r;
    }

    private static HttpResponse<String> get(ReferenceService s, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.baseUri().resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private static HttpRequest loginRequest(ReferenceService s, String body) {
        return HttpRequest.newBuilder(s.baseUri().resolve("/api/auth/login")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> login(ReferenceService s, String email, String password) throws Exception {
        return send(loginRequest(s, JSON.writeValueAsString(java.util.Map.of("email", email, "password", password))));
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    // ------------------------------------------------------------------ login

    @Test
    @Order(1)
    void aSeededUserSignsInAgainstTheDatabaseWithoutFallback() throws Exception {
        HttpResponse<String> r = login(service, "alice@example.com", DEMO_PASSWORD);
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("session").asText()).isEqualTo("user");
        assertThat(body.path("fallback").asBoolean(true)).as("fallback").isFalse();

        JsonNode admin = json(login(service, "ADMIN@example.com ", DEMO_PASSWORD));
        assertThat(admin.path("session").asText()).as("email is case-insensitive, role from the table").isEqualTo("admin");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "wrong password,        alice@example.com,      not-the-password",
            "unknown user,          nobody@example.com,     whatever-password",
            "break-glass while up,  breakglass@example.com, USE_BREAK_GLASS"})
    @Order(2)
    void wrongCredentialsGet401(String caseName, String email, String password) throws Exception {
        String pw = "USE_BREAK_GLASS".equals(password) ? BREAK_GLASS_PASSWORD : password;
        HttpResponse<String> r = login(service, email, pw);
        assertThat(r.statusCode()).as(caseName + ": " + r.body()).isEqualTo(401);
        assertThat(json(r).path("fallback").asBoolean(true)).as(caseName + " fallback").isFalse();
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"password\":\"x\"}|email",
            "{\"email\":\"a@example.com\"}|password",
            "not json|JSON",
            "[1,2]|JSON object"})
    @Order(3)
    void malformedLoginBodiesGet400NamingTheField(String body, String field) throws Exception {
        HttpResponse<String> r = send(loginRequest(service, body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).contains(field);
    }

    // ------------------------------------------------------------------ admin endpoints

    @ParameterizedTest(name = "{0} with token ''{1}''")
    @CsvSource(nullValues = "NONE", value = {
            "/api/admin/users,   NONE",
            "/api/admin/users,   wrong-token-of-some-length",
            "/api/debug/db-status, NONE",
            "/api/debug/db-status, wrong-token-of-some-length"})
    @Order(4)
    void adminEndpointsRefuseMissingOrWrongTokensWith401(String path, String token) throws Exception {
        HttpResponse<String> r = get(service, path, token);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).as("challenge").hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    @Order(5)
    void adminUsersListsTheSeededUsersWithoutPasswordHashes() throws Exception {
        HttpResponse<String> r = get(service, "/api/admin/users", ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("count").asInt()).isEqualTo(DemoUsers.ACCOUNTS.size());
        assertThat(body.path("users").findValuesAsText("email"))
                .containsExactlyInAnyOrder("alice@example.com", "bob@example.com", "admin@example.com");
        assertThat(body.path("users").get(0).has("password_hash")).as("hash column").isFalse();
    }

    @Test
    @Order(6)
    void healthHasTheSeedShape() throws Exception {
        HttpResponse<String> r = get(service, "/api/health/database", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isIn("healthy", "degraded");
        assertThat(body.path("connections").path("max").asInt()).as("connections.max = connection_limit").isEqualTo(5);
        assertThat(body.path("connections").path("current").isInt()).as("connections.current").isTrue();
        assertThat(body.path("connections").path("utilization").asText()).as("utilization").endsWith("%");
        assertThat(body.path("metrics").path("success_rate").asText()).as("success_rate").isEqualTo("100%");
        assertThat(body.path("metrics").path("avg_response_time").asText()).as("avg_response_time").endsWith("ms");
        assertThat(body.path("metrics").has("last_failure")).as("last_failure present (null without failures)").isTrue();
    }

    @Test
    @Order(7)
    void debugStatusShowsAttemptsRatesAndPoolHistoryToTheAdmin() throws Exception {
        HttpResponse<String> r = get(service, "/api/debug/db-status", ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("attempts").size()).as("attempts recorded by the logins and the users list").isPositive();
        assertThat(body.path("attempts").get(0).path("operation").asText()).isNotBlank();
        assertThat(body.has("error_patterns")).isTrue();
        assertThat(body.path("retry_success_rate").isNumber()).as("retry_success_rate").isTrue();
        assertThat(body.path("retry_failure_rate").isNumber()).as("retry_failure_rate").isTrue();
        assertThat(body.path("pool_utilisation_history").size()).as("gauge samples").isPositive();
        assertThat(body.path("pool_utilisation_history").get(0).has("utilisation")).isTrue();
    }

    // ------------------------------------------------------------------ database unreachable

    @Test
    @Order(8)
    void whenTheDatabaseIsUnreachableOnlyTheBreakGlassCredentialGetsEmergencyAdmin() throws Exception {
        HttpResponse<String> alice = login(downService, "alice@example.com", DEMO_PASSWORD);
        assertThat(alice.statusCode()).as(alice.body()).isEqualTo(503);
        assertThat(json(alice).path("fallback").asBoolean(true)).as("alice gets no fallback session").isFalse();
        assertThat(json(alice).path("error").asText()).contains("database unavailable");

        HttpResponse<String> wrongBreakGlass = login(downService, BREAK_GLASS_EMAIL, "not-the-break-glass-pw");
        assertThat(wrongBreakGlass.statusCode()).as(wrongBreakGlass.body()).isEqualTo(503);

        HttpResponse<String> breakGlass = login(downService, BREAK_GLASS_EMAIL, BREAK_GLASS_PASSWORD);
        assertThat(breakGlass.statusCode()).as(breakGlass.body()).isEqualTo(200);
        assertThat(json(breakGlass).path("session").asText()).isEqualTo("emergency-admin");
        assertThat(json(breakGlass).path("fallback").asBoolean()).isTrue();
        assertThat(downService.emergencyAdminSessions()).isEqualTo(1);
        assertThat(downRecorder.ofType(FallbackEvent.class)).as("fallback events")
                .extracting(FallbackEvent::granted).containsExactly(false, false, true);

        HttpResponse<String> users = get(downService, "/api/admin/users", ADMIN_TOKEN);
        assertThat(users.statusCode()).as("users list while down: " + users.body()).isEqualTo(503);
        assertThat(json(users).path("error").asText()).contains("database unavailable");
    }

    @Test
    @Order(9)
    void healthAnswersFromMemoryWhileADatabaseRequestIsStillRetrying() throws Exception {
        CompletableFuture<HttpResponse<String>> slowLogin = client.sendAsync(
                loginRequest(downService, "{\"email\":\"alice@example.com\",\"password\":\"whatever-pw\"}"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = get(downService, "/api/health/database", null);
        assertThat(slowLogin).as("the login (pool timeouts, retries, availability check) is still running")
                .isNotDone();
        assertThat(health.statusCode()).as(health.body()).isIn(200, 503);
        JsonNode body = json(health);
        assertThat(body.path("status").asText()).as("status after failed attempts").isIn("unhealthy", "degraded");
        assertThat(body.path("metrics").path("last_failure").isTextual()).as("last_failure set").isTrue();
        SEEN.add(slowLogin.get(30, TimeUnit.SECONDS).body());
    }

    // ------------------------------------------------------------------ secrets

    @Test
    @Order(100)
    void noResponseContainsASecret() throws Exception {
        get(service, "/api/debug/db-status", ADMIN_TOKEN);
        get(downService, "/api/debug/db-status", ADMIN_TOKEN);
        get(service, "/api/health/database", null);
        String encodedDbPassword = URI.create("x://h/" + TestPostgres.PASSWORD.replace("%", "%25")).getRawPath();
        assertThat(SEEN).as("responses collected").hasSizeGreaterThan(20);
        for (String secret : List.of(TestPostgres.PASSWORD, encodedDbPassword, "closed-secret", ADMIN_TOKEN,
                DEMO_PASSWORD, BREAK_GLASS_PASSWORD, "pbkdf2-sha256$")) {
            assertThat(SEEN).as("responses containing a secret").noneMatch(r -> r.contains(secret));
        }
    }
}
