package io.chaosharness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://harness:s3cret@127.0.0.1:5432/db | postgresql://harness:****@127.0.0.1:5432/db",
            "postgresql://harness:****@127.0.0.1:5432/db | postgresql://harness:****@127.0.0.1:5432/db",
            "jdbc:postgresql://h:5432/db?user=u&password=s3cret&ssl=true | jdbc:postgresql://h:5432/db?user=u&password=****&ssl=true",
            "connect failed: password=s3cret host=h | connect failed: password=**** host=h",
            "{\"password\":\"s3cret\"} | {\"password\":\"****\"}",
            "token: abc123 | token: ****",
            "postgresql://127.0.0.1:5432/db?connection_limit=15 | postgresql://127.0.0.1:5432/db?connection_limit=15",
            "latency 200ms ±50ms downstream | latency 200ms ±50ms downstream",
    })
    void secretsInTextAreMasked(String in, String expected) {
        assertThat(Masking.mask(in)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "password | hunter2 | ****",
            "admin_password | hunter2 | ****",
            "DB_SECRET | abc | ****",
            "apiKey | abc | ****",
            "connection_limit | 15 | 15",
            "databaseUrl | postgresql://u:p4ss@h/db | postgresql://u:****@h/db",
    })
    void configValuesAreMaskedByKeyAndByValue(String key, String value, String expected) {
        assertThat(Masking.maskValue(key, value)).isEqualTo(expected);
    }
}
