package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.pool.DatabaseUrl;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlTest {

    private static final String SECRET = "p@ss:w/rd";

    @Test
    void parsesTheDatabaseUrlFormAndMasksThePassword() {
        TargetUrl url = TargetUrl.parse("HARNESS_TARGET_URL",
                "postgresql://app:p%40ss%3Aw%2Frd@db.example:6432/shop?sslmode=require");

        assertThat(url.user()).as("user").isEqualTo("app");
        assertThat(url.password()).as("password, decoded").isEqualTo(SECRET);
        assertThat(url.host()).as("host").isEqualTo("db.example");
        assertThat(url.port()).as("port").isEqualTo(6432);
        assertThat(url.database()).as("database").isEqualTo("shop");
        assertThat(url.params()).as("params").containsEntry("sslmode", "require");
        assertThat(url.toString()).as("toString").isEqualTo("postgresql://app:****@db.example:6432/shop?sslmode=require");
        assertThat(url.toUrlWithSecret()).as("round trip").isEqualTo(
                "postgresql://app:p%40ss%3Aw%2Frd@db.example:6432/shop?sslmode=require");
    }

    @Test
    void defaultsPortAndDatabaseAndAcceptsQueryCredentials() {
        TargetUrl url = TargetUrl.parse("f", "postgres://db.example?user=app&password=pw");
        assertThat(url.port()).as("port").isEqualTo(5432);
        assertThat(url.user()).as("user").isEqualTo("app");
        assertThat(url.password()).as("password").isEqualTo("pw");
        assertThat(url.database()).as("database defaults to the user").isEqualTo("app");
        assertThat(url.params()).as("credentials leave the params").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:postgresql://h/db", "postgresql://u:" + "topsecret" + "@h:99999/db",
            "postgresql://:topsecret@h/db", "http://u:topsecret@h/db"})
    void malformedUrlsAreRejectedNamingTheFieldWithoutThePassword(String bad) {
        assertThatThrownBy(() -> TargetUrl.parse("HARNESS_TARGET_URL", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HARNESS_TARGET_URL")
                .satisfies(e -> assertThat(e.getMessage()).as("password masked").doesNotContain("topsecret"));
    }

    @Test
    void theProxiedFormIsAcceptedByThePoolsUrlParser() {
        TargetUrl proxied = new TargetUrl("harness", "h0123456789abcdef", "127.0.0.1", 41234, "harness", null)
                .at("127.0.0.1", 41234, Map.of("ApplicationName", "chaos-harness"));

        DatabaseUrl parsed = DatabaseUrl.parse(proxied.toUrlWithSecret());

        assertThat(parsed.host()).as("host").isEqualTo("127.0.0.1");
        assertThat(parsed.port()).as("port").isEqualTo(41234);
        assertThat(parsed.user()).as("user").isEqualTo("harness");
        assertThat(parsed.revealPassword()).as("password").isEqualTo("h0123456789abcdef");
        assertThat(parsed.database()).as("database").isEqualTo("harness");
        assertThat(proxied.masked()).as("masked").doesNotContain("h0123456789abcdef");
    }
}
