package io.chaosharness.core;

import static org.assertj.core.api.Assertions.assertThat;

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

    @org.junit.jupiter.api.Test
    void masksAKnownSecretAnywhere() {
        assertThat(Secrets.mask("token hunter2 leaked", "hunter2")).isEqualTo("token **** leaked");
    }
}
