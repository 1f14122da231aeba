package io.chaosharness.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postgresql://app:p%40ss%3Aw%2Frd@db.example.test:6432/shop?sslmode=require | postgresql      | app | p@ss:w/rd | db.example.test | 6432 | shop
            postgres://db.example.test?user=app&password=pw                          | postgres        | app | pw        | db.example.test | 5432 | app
            jdbc:postgresql://[::1]:5433/db?user=u                                   | jdbc:postgresql | u   |           | ::1             | 5433 | db
            POSTGRESQL://u:p+q@127.0.0.1/d%20b                                        | postgresql      | u   | p+q       | 127.0.0.1       | 5432 | d b
            """)
    void theThreeSchemesParseToTheSameParts(String text, String scheme, String user, String password, String host,
                                            int port, String database) {
        PostgresUrl url = PostgresUrl.parse(text);
        assertThat(url.scheme()).as("scheme").isEqualTo(scheme);
        assertThat(url.user()).as("user").isEqualTo(user);
        assertThat(url.password()).as("password").isEqualTo(password);
        assertThat(url.host()).as("host").isEqualTo(host);
        assertThat(url.port()).as("port").isEqualTo(port);
        assertThat(url.database()).as("database (defaults to the user)").isEqualTo(database);
        assertThat(url.params()).as("credentials are not parameters").doesNotContainKeys("user", "password");
    }

    @Test
    void parametersKeepTheirOrderAndTheStringFormMasksSecrets() {
        PostgresUrl url = PostgresUrl.parse("postgresql://u:hunter2@h/db?b=2&a=1&sslpassword=other-secret");
        assertThat(url.params()).containsExactly(org.assertj.core.api.Assertions.entry("b", "2"),
                org.assertj.core.api.Assertions.entry("a", "1"),
                org.assertj.core.api.Assertions.entry("sslpassword", "other-secret"));
        assertThat(url.toString()).isEqualTo("postgresql://u:****@h:5432/db?b=2&a=1&sslpassword=****");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mysql://u:hunter2@h/db                    | scheme   | scheme must be postgresql, postgres or jdbc:postgresql
            u:hunter2@h/db                            | scheme   | must start with postgresql://
            postgresql://u:hunter2@h:0/db             | port     | port must be between 1 and 65535, but was 0
            postgresql://u:hunter2@h:http/db          | port     | port must be an integer between 1 and 65535, but was 'http'
            postgresql://u:hunter2@:5432/db           | host     | host must not be empty
            postgresql://u:hunter2@h1,h2/db           | host     | single host
            postgresql://u:hunter2@[::1/db            | host     | IPv6 bracket
            postgresql://:hunter2@h/db                | user     | user must not be empty
            postgresql://u:hunter2%zz@h/db            | password | password has an invalid percent-encoding
            postgresql://u:hunter2@h/db?a=1&a=2       | a        | parameter 'a' must appear at most once
            postgresql://u:hunter2@h/db?user=v        | user     | user must be given once
            postgresql://u:hunter2@h/db?password=x    | password | password must be given once
            postgresql://u@h/db?token=hunter2%zz      | token    | token has an invalid percent-encoding
            """)
    void badUrlsNameTheFieldAndNeverThePassword(String text, String field, String message) {
        assertThatThrownBy(() -> PostgresUrl.parse(text))
                .isInstanceOf(InvalidUrlException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(((InvalidUrlException) e).field()).as("field").isEqualTo(field));
    }
}
