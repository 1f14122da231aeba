package io.chaosharness.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://app:s3cr3t@db.example:5432/app|postgresql://app:****@db.example:5432/app",
            "jdbc:postgresql://h/db?user=app&password=s3cr3t&ssl=true|jdbc:postgresql://h/db?user=app&password=****&ssl=true",
            "failed for postgres://u:p%40ss@h/db: refused|failed for postgres://u:****@h/db: refused",
            "postgresql://u:p@ss@h/db|postgresql://u:****@h/db",
            "no secret here|no secret here",
            "postgresql://onlyuser@h/db|postgresql://onlyuser@h/db",
    })
    void masksPasswordsInUrlsAndParameters(String in, String expected) {
        assertThat(Secrets.mask(in)).as("masked form of %s", in).isEqualTo(expected);
    }

    /** The union of the rules the core and the reports once kept apart: every secret word, in every notation. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://harness:****@127.0.0.1:5432/db | postgresql://harness:****@127.0.0.1:5432/db",
            "connect failed: password=s3cret host=h | connect failed: password=**** host=h",
            "{\"password\":\"s3cret\"} | {\"password\":\"****\"}",
            "token: abc123 | token: ****",
            "https://api.example/v1?api_key=k-123&q=1 | https://api.example/v1?api_key=****&q=1",
            "api-key=k-123 | api-key=****",
            "{\"secret\": \"shh\", \"user\": \"u\"} | {\"secret\": \"****\", \"user\": \"u\"}",
            "pwd=abc;server=h | pwd=****;server=h",
            "access_key=AKIA123 credentials=c1 | access_key=**** credentials=****",
            "password= | password=",
            "postgresql://127.0.0.1:5432/db?connection_limit=15 | postgresql://127.0.0.1:5432/db?connection_limit=15",
            "retry budget tokens 3 of 10 | retry budget tokens 3 of 10",
            "latency 200ms ±50ms downstream | latency 200ms ±50ms downstream",
    })
    void masksEverySecretWordAndIsIdempotent(String in, String expected) {
        assertThat(Secrets.mask(in)).as("masked form of %s", in).isEqualTo(expected);
        assertThat(Secrets.mask(Secrets.mask(in))).as("masking twice changes nothing").isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "password | hunter2 | ****",
            "admin_password | hunter2 | ****",
            "DB_SECRET | abc | ****",
            "apiKey | abc | ****",
            "auth.token | abc | ****",
            "connection_limit | 15 | 15",
            "databaseUrl | postgresql://u:p4ss@h/db | postgresql://u:****@h/db",
    })
    void configValuesAreMaskedByKeyAndByValue(String key, String value, String expected) {
        assertThat(Secrets.maskValue(key, value)).as("%s = %s", key, value).isEqualTo(expected);
    }

    @Test
    void masksAKnownSecretAnywhere() {
        assertThat(Secrets.mask("token hunter2 leaked", "hunter2")).isEqualTo("token **** leaked");
    }
}
