package io.chaosharness.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {

    private static final String SEED =
            "postgresql://app:pa%40ss%3Aw%2Frd@db.example.test:6543/postgres?connection_limit=15&pool_timeout=10"
                    + "&connect_timeout=30&statement_timeout=30000";

    @Test
    void seedUrlMapsEveryPoolParameter() {
        DatabaseUrl url = DatabaseUrl.parse(SEED);
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.revealPassword()).as("percent-decoded password").isEqualTo("pa@ss:w/rd");
        assertThat(url.host()).isEqualTo("db.example.test");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.database()).isEqualTo("postgres");
        assertThat(url.connectionLimit()).isEqualTo(15);
        assertThat(url.poolTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(url.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(url.statementTimeout()).isEqualTo(Duration.ofMillis(30_000));
        assertThat(PoolSettings.of(url).socketTimeout()).as("max(30 s, 2 × 30 s)").isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postgres://u:p@h/db                                   | u | p | h         | 5432 | db | 10
            jdbc:postgresql://h:1/db?user=u&password=p            | u | p | h         | 1    | db | 10
            postgresql://u@h:65535                                | u |   | h         | 65535| u  | 10
            postgresql://u:p@[::1]:5433/db?connection_limit=10000 | u | p | ::1       | 5433 | db | 10000
            POSTGRESQL://u:p@127.0.0.1/d%20b?sslmode=disable       | u | p | 127.0.0.1 | 5432 | d b| 10
            postgresql://u%20x:p%25@h/db?connection_limit=1       | u x | p% | h      | 5432 | db | 1
            """)
    void goodUrlsParse(String text, String user, String password, String host, int port, String db, int limit) {
        DatabaseUrl url = DatabaseUrl.parse(text);
        assertThat(url.user()).as("user").isEqualTo(user);
        assertThat(url.revealPassword()).as("password").isEqualTo(password == null ? "" : password);
        assertThat(url.host()).as("host").isEqualTo(host);
        assertThat(url.port()).as("port").isEqualTo(port);
        assertThat(url.database()).as("database").isEqualTo(db);
        assertThat(url.connectionLimit()).as("connection_limit").isEqualTo(limit);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mysql://u:p@h/db                                   | scheme           | scheme must be postgresql
            u:p@h/db                                           | scheme           | must start with postgresql://
            postgresql://u:p@h/db?connection_limit=0           | connection_limit | connection_limit must be between 1 and 10000, but was 0
            postgresql://u:p@h/db?connection_limit=10001       | connection_limit | but was 10001
            postgresql://u:p@h/db?connection_limit=many        | connection_limit | but was 'many'
            postgresql://u:p@h/db?pool_timeout=0               | pool_timeout     | pool_timeout must be between 1 and 3600, but was 0
            postgresql://u:p@h/db?connect_timeout=-1           | connect_timeout  | connect_timeout must be between 1 and 3600, but was -1
            postgresql://u:p@h/db?statement_timeout=-5         | statement_timeout| statement_timeout must be between 0 and 86400000, but was -5
            postgresql://u:p@h/db?frobnicate=1                 | frobnicate       | unknown parameter 'frobnicate'
            postgresql://u:p@h/db?loginTimeout=5               | loginTimeout     | set by the pool
            postgresql://u:p@h/db?socketTimeout=-1             | socketTimeout    | socketTimeout must be between 0 and 2147484, but was -1
            postgresql://u:p@h/db?pool_timeout=1&pool_timeout=2| pool_timeout     | at most once
            postgresql://u:p@h:0/db                            | port             | port must be between 1 and 65535, but was 0
            postgresql://u:p@h:99999/db                        | port             | but was 99999
            postgresql://u:p@:5432/db                          | host             | host must not be empty
            postgresql://u:p@h1,h2/db                          | host             | single host
            postgresql://:p@h/db                               | user             | user must not be empty
            postgresql://u:p%zz@h/db                           | password         | password has an invalid percent-encoding
            """)
    void badUrlsAreRejectedNamingTheField(String text, String field, String message) {
        assertThatThrownBy(() -> DatabaseUrl.parse(text))
                .isInstanceOf(InvalidDatabaseUrlException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidDatabaseUrlException) e).field()).as("field").isEqualTo(field));
    }

    @Test
    void pgjdbcPropertiesPassThroughAndAnExplicitSocketTimeoutWins() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@h/db?sslmode=disable&tcpKeepAlive=true&socketTimeout=7");
        assertThat(url.driverProperties()).containsEntry("sslmode", "disable").containsEntry("tcpKeepAlive", "true");
        assertThat(PoolSettings.of(url).socketTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest(name = "statement_timeout={0} ms -> socketTimeout={1} s")
    @CsvSource({"0, 60", "1000, 30", "15000, 30", "30000, 60", "30001, 61", "120000, 240"})
    void socketTimeoutRule(long statementTimeoutMs, long socketTimeoutSeconds) {
        assertThat(PoolSettings.derivedSocketTimeout(Duration.ofMillis(statementTimeoutMs)))
                .isEqualTo(Duration.ofSeconds(socketTimeoutSeconds));
    }

    @Test
    void thePasswordIsMaskedInEveryStringForm() {
        String secret = "pa@ss:w/rd";
        DatabaseUrl url = DatabaseUrl.parse(SEED + "&sslpassword=other-secret");
        PoolSettings settings = PoolSettings.of(url);
        assertThat(url.toString()).doesNotContain(secret).doesNotContain("pa%40ss").contains("****")
                .doesNotContain("other-secret");
        assertThat(url.masked()).doesNotContain(secret);
        assertThat(settings.toString()).doesNotContain(secret).doesNotContain("other-secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@h/db?connection_limit=0"))
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("ftp://u:hunter2@h/db")).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("u:hunter2@h/db")).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2%zz@h/db")).hasMessageNotContaining("hunter2");
    }

    @Test
    void poolAndApplicationNamesAreValidated() {
        PoolSettings s = PoolSettings.parse("postgresql://u:p@h/db?ApplicationName=my-app");
        assertThat(s.applicationName()).as("ApplicationName from the URL").isEqualTo("my-app");
        assertThat(s.withPoolName("orders").poolName()).isEqualTo("orders");
        assertThatThrownBy(() -> s.withPoolName(" ")).hasMessageContaining("poolName must be 1 to 63 characters");
        assertThatThrownBy(() -> s.withApplicationName("x".repeat(64))).hasMessageContaining("applicationName");
    }

    @Test
    void libpqsApplicationNameIsReadAsPgjdbcsAndNamingBothIsRefused() {
        assertThat(PoolSettings.parse("postgresql://u:p@h/db?application_name=chaos-harness").applicationName())
                .as("the DATABASE_URL form other languages' drivers read").isEqualTo("chaos-harness");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h/db?application_name=a&ApplicationName=b"))
                .hasMessageContaining("application_name").hasMessageContaining("ApplicationName");
    }
}
