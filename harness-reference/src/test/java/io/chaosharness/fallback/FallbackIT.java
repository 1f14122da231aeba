package io.chaosharness.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.availability.AvailabilityConfig;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.retry.ResilienceConfig;
import io.chaosharness.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FallbackIT {

    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
    private static final BreakGlassCredential BREAK_GLASS =
            BreakGlassCredential.of("breakglass@example.com", "glass-pw-123", HASHER);

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @Test
    void withTheDatabaseUpUsersAuthenticateForRealAndNothingFallsBack() throws Exception {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        try (ReferencePool pool = ReferencePool.start(PoolSettings.parse(postgres.url("connection_limit=2")),
                recorder, 5L)) {
            UserStore users = new UserStore(pool, HASHER);
            users.createSchemaIfAbsent();
            users.createSchemaIfAbsent(); // idempotent
            users.putUser("Alice@Example.com", "alice-pw", "admin");
            FallbackAuthenticator auth = new FallbackAuthenticator(pool, users, HASHER, BREAK_GLASS, 3);

            assertThat(auth.authenticate("alice@example.com", "alice-pw"))
                    .isEqualTo(new AuthResult.Authenticated("alice@example.com", "admin"));
            assertThat(auth.authenticate("alice@example.com", "wrong")).isInstanceOf(AuthResult.Denied.class);
            assertThat(auth.authenticate("nobody@example.com", "alice-pw")).isInstanceOf(AuthResult.Denied.class);
            assertThat(auth.authenticate("breakglass@example.com", "glass-pw-123"))
                    .as("break-glass is not a database user: denied while the database is up")
                    .isInstanceOf(AuthResult.Denied.class);
            assertThat(recorder.ofType(FallbackEvent.class)).isEmpty();
            assertThat(auth.fallbacks()).isZero();
        }
    }

    @Test
    void withTheDatabaseUnreachableOnlyTheBreakGlassCredentialGetsAnEmergencySession() throws Exception {
        EventRecorder recorder = new EventRecorder(Clock.systemUTC());
        String url = TestPostgres.closedPortUrl("connection_limit=1&pool_timeout=1&connect_timeout=1");
        try (ReferencePool pool = ReferencePool.builder(PoolSettings.parse(url)).recorder(recorder).seed(5L)
                .resilience(ResilienceConfig.custom().maxRetries(1).baseDelay(Duration.ofMillis(10)).build())
                .availability(new AvailabilityConfig(Duration.ofMillis(300), Duration.ofMillis(10),
                        Duration.ofMillis(20)))
                .start()) {
            UserStore users = new UserStore(pool, HASHER);
            FallbackAuthenticator auth = new FallbackAuthenticator(pool, users, HASHER, BREAK_GLASS, 2);

            AuthResult glass = auth.authenticate("BreakGlass@example.com", "glass-pw-123");
            assertThat(glass).isInstanceOf(AuthResult.EmergencyAdmin.class);
            assertThat(glass.toString()).doesNotContain("breakglass@");
            assertThat(auth.authenticate("breakglass@example.com", "guess")).as("wrong break-glass password")
                    .isInstanceOf(AuthResult.UnavailableDenied.class);
            assertThat(auth.authenticate("alice@example.com", "alice-pw")).as("an ordinary user")
                    .isInstanceOf(AuthResult.UnavailableDenied.class);

            assertThat(recorder.ofType(FallbackEvent.class)).extracting(FallbackEvent::granted)
                    .containsExactly(true, false, false);
            assertThat(recorder.ofType(FallbackEvent.class)).allSatisfy(e -> {
                assertThat(e.principal()).contains("***");
                assertThat(e.reason()).contains("database unavailable");
            });
            assertThat(auth.fallbacks()).isEqualTo(3);
            assertThat(pool.health().fallbacks()).as("counted on the timeline too").isEqualTo(3);
        }
    }
}
