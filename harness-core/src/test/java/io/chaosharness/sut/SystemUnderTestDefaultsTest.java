package io.chaosharness.sut;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.EventRecorder;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a system gets without overriding anything: failure classes, the health check, the masked start context. */
class SystemUnderTestDefaultsTest {

    /** A system whose reads answer with {@code answer} or throw {@code failure}. */
    static SystemUnderTest reading(Boolean answer, Exception failure) {
        return new SystemUnderTest() {
            @Override
            public String name() {
                return "stub";
            }

            @Override
            public void start(SystemContext context) {
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T read(String operation, SqlWork<T> work) throws Exception {
                if (failure != null) {
                    throw failure;
                }
                return (T) answer;
            }

            @Override
            public <T> T write(String operation, String idempotencyKey, SqlWork<T> work) throws Exception {
                return read(operation, work);
            }

            @Override
            public LoginResult login(String user, CharSequence password) {
                return LoginResult.GRANTED;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void theDefaultFailureClassIsTheSqlStateElseTheExceptionsName() {
        SystemUnderTest s = reading(true, null);
        assertThat(s.failureClass(new SQLTransientConnectionException("gone", "08006"))).isEqualTo("08006");
        assertThat(s.failureClass(new SQLException("no state"))).isEqualTo("SQLException");
        assertThat(s.failureClass(new IllegalStateException("x"))).isEqualTo("IllegalStateException");
    }

    @Test
    void theDefaultHealthCheckIsAValidConnectionThroughARead() {
        assertThat(reading(true, null).available()).as("valid connection").isTrue();
        assertThat(reading(false, null).available()).as("invalid connection").isFalse();
        assertThat(reading(null, new SQLException("refused", "08001")).available()).as("read fails").isFalse();
    }

    @Test
    void onlyTheFallbackResultIsAFallback() {
        assertThat(LoginResult.FALLBACK.isFallback()).isTrue();
        assertThat(LoginResult.GRANTED.isFallback()).isFalse();
        assertThat(LoginResult.REFUSED.isFallback()).isFalse();
    }

    @Test
    void theStartContextNeverShowsThePasswordOrTheAccounts() {
        SystemContext c = new SystemContext("s", "postgresql://app:s3cret-pw@127.0.0.1:5432/db",
                EventRecorder.systemUtc(), 1, "run-1", false, Map.of("user-0@example.com", "workload-password-0"));
        assertThat(c.toString()).as("toString").doesNotContain("s3cret-pw").doesNotContain("workload-password-0")
                .contains("1 account(s)");
    }

    @Test
    void theContextGivesTheDatabaseUrlAsAJdbcUrlWithItsParametersAndTheDecodedCredentialsApart() {
        SystemContext c = new SystemContext("s", "postgresql://app%40x:p%40ss%3Aw%2Fo%25rd@127.0.0.1:55432/my%20db"
                + "?ApplicationName=chaos-harness&options=-c%20statement_timeout%3D5000", EventRecorder.systemUtc(), 1,
                "run", false, Map.of());

        assertThat(c.jdbcUrl()).as("jdbc url").isEqualTo("jdbc:postgresql://127.0.0.1:55432/my%20db"
                + "?ApplicationName=chaos-harness&options=-c%20statement_timeout%3D5000");
        assertThat(c.username()).as("user").isEqualTo("app@x");
        assertThat(c.password()).as("password").isEqualTo("p@ss:w/o%rd");
        assertThat(c.jdbcUrl()).as("no password in the JDBC URL").doesNotContain("ss:w");
    }
}
