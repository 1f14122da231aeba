package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void readsEveryVariable() {
        EnvironmentSettings s = EnvironmentSettings.fromSources(Map.of(
                "HARNESS_ENV", "external",
                "HARNESS_TARGET_URL", "postgresql://app:" + SECRET + "@db.staging:6432/shop?sslmode=require",
                "HARNESS_TOXIPROXY_URL", "http://127.0.0.1:8474",
                "HARNESS_ALLOW_DB_FAULTS", "true",
                "HARNESS_SEED", "42"), name -> null);

        assertThat(s.kind()).as("kind").contains(EnvironmentKind.EXTERNAL);
        assertThat(s.targetUrl()).as("target").get().extracting(TargetUrl::host, TargetUrl::port, TargetUrl::database)
                .containsExactly("db.staging", 6432, "shop");
        assertThat(s.toxiproxyUrl()).as("toxiproxy").contains(URI.create("http://127.0.0.1:8474"));
        assertThat(s.allowDatabaseFaults()).as("db faults allowed").isTrue();
        assertThat(s.seed()).as("seed").isEqualTo(42L);
        assertThat(s.toString()).as("toString masks the password").doesNotContain(SECRET).contains("****");
    }

    @Test
    void readsTheCapsReadOnlyAndAppliesTheExternalDefaults() {
        EnvironmentSettings capped = EnvironmentSettings.fromSources(Map.of(
                "HARNESS_READ_ONLY", "true", "HARNESS_MAX_CONCURRENCY", "3", "HARNESS_MAX_DURATION", "90s"), n -> null);
        assertThat(capped.readOnly()).as("read-only").isTrue();
        assertThat(capped.maxConcurrency()).as("workers cap").contains(3);
        assertThat(capped.maxDuration()).as("duration cap").contains(Duration.ofSeconds(90));
        assertThat(capped.ownsSchema()).as("a read-only run owns no schema").isFalse();

        EnvironmentSettings external = EnvironmentSettings.fromSources(Map.of(
                "HARNESS_TARGET_URL", "postgresql://app:" + SECRET + "@db.staging/shop"), n -> null);
        assertThat(external.isExternal()).as("a target alone means external").isTrue();
        assertThat(external.maxConcurrency()).as("external default workers cap")
                .contains(EnvironmentSettings.EXTERNAL_MAX_CONCURRENCY);
        assertThat(external.maxDuration()).as("external default duration cap")
                .contains(EnvironmentSettings.EXTERNAL_MAX_DURATION);
        assertThat(external.ownsSchema()).as("external targets own a schema").isTrue();
        assertThat(external.databaseFaultsPermitted()).as("database faults need permission").isFalse();

        EnvironmentSettings embedded = EnvironmentSettings.custom().kind(EnvironmentKind.EMBEDDED).build();
        assertThat(embedded.maxConcurrency()).as("embedded: uncapped").isEmpty();
        assertThat(embedded.maxDuration()).as("embedded: uncapped").isEmpty();
        assertThat(embedded.ownsSchema()).as("embedded: the database is the run's own").isFalse();
        assertThat(embedded.databaseFaultsPermitted()).as("embedded: database faults allowed").isTrue();
    }

    @Test
    void systemPropertiesWinOverVariables() {
        EnvironmentSettings s = EnvironmentSettings.fromSources(Map.of("HARNESS_ENV", "external"),
                name -> name.equals("harness.env") ? "embedded" : null);
        assertThat(s.kind()).as("kind").contains(EnvironmentKind.EMBEDDED);
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_SEED", "abc"), n -> null))
                .hasMessageContaining("HARNESS_SEED").hasMessageContaining("abc");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_ALLOW_DB_FAULTS", "yes"), n -> null))
                .hasMessageContaining("HARNESS_ALLOW_DB_FAULTS").hasMessageContaining("yes");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_TOXIPROXY_URL", "localhost:8474"), n -> null))
                .hasMessageContaining("HARNESS_TOXIPROXY_URL");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(
                Map.of("HARNESS_TARGET_URL", "mysql://u:" + SECRET + "@h/db"), n -> null))
                .hasMessageContaining("HARNESS_TARGET_URL")
                .satisfies(e -> assertThat(e.getMessage()).as("no password in the error").doesNotContain(SECRET));
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_READ_ONLY", "maybe"), n -> null))
                .hasMessageContaining("HARNESS_READ_ONLY").hasMessageContaining("maybe");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_MAX_CONCURRENCY", "0"), n -> null))
                .hasMessageContaining("HARNESS_MAX_CONCURRENCY").hasMessageContaining("0");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_MAX_CONCURRENCY", "lots"), n -> null))
                .hasMessageContaining("HARNESS_MAX_CONCURRENCY").hasMessageContaining("lots");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_MAX_DURATION", "forever"), n -> null))
                .hasMessageContaining("HARNESS_MAX_DURATION").hasMessageContaining("forever");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_MAX_DURATION", "25h"), n -> null))
                .hasMessageContaining("HARNESS_MAX_DURATION");
        assertThatThrownBy(() -> EnvironmentSettings.custom().maxConcurrency(1001))
                .hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> EnvironmentSettings.custom().controlTimeout(Duration.ZERO))
                .hasMessageContaining("controlTimeout");
        assertThatThrownBy(() -> EnvironmentSettings.custom().applicationName(" "))
                .hasMessageContaining("applicationName");
    }

    @Test
    void imageNamesDefaultToTheOfficialImagesAndComeFromVariablesOrProperties() {
        EnvironmentSettings defaults = EnvironmentSettings.fromSources(Map.of(), n -> null);
        assertThat(defaults.postgresImage()).as("postgres default").isEqualTo("postgres:17");
        assertThat(defaults.toxiproxyImage()).as("toxiproxy default").isEqualTo("ghcr.io/shopify/toxiproxy:2.12.0");

        EnvironmentSettings mirrored = EnvironmentSettings.fromSources(Map.of(
                "HARNESS_POSTGRES_IMAGE", "registry.example.com:5000/mirror/postgres:17",
                "HARNESS_TOXIPROXY_IMAGE", "registry.example.com:5000/mirror/toxiproxy:2.12.0"),
                n -> n.equals("harness.toxiproxy.image") ? "chaos-harness/toxiproxy:2.12.0" : null);
        assertThat(mirrored.postgresImage()).as("postgres from the variable")
                .isEqualTo("registry.example.com:5000/mirror/postgres:17");
        assertThat(mirrored.toxiproxyImage()).as("the property wins over the variable")
                .isEqualTo("chaos-harness/toxiproxy:2.12.0");
        assertThat(EnvironmentSettings.from(mirrored).build().postgresImage()).as("copied by from()")
                .isEqualTo(mirrored.postgresImage());
    }

    @Test
    void badImageNamesNameTheirField() {
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_POSTGRES_IMAGE", "Postgres 17"), n -> null))
                .hasMessageContaining("HARNESS_POSTGRES_IMAGE").hasMessageContaining("'Postgres 17'");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_TOXIPROXY_IMAGE", "toxiproxy:"), n -> null))
                .hasMessageContaining("HARNESS_TOXIPROXY_IMAGE");
        assertThatThrownBy(() -> EnvironmentSettings.custom().postgresImage(null))
                .hasMessageContaining("postgresImage");
    }

    @Test
    void externalWithoutATargetIsRejectedNamingTheVariable() {
        EnvironmentSettings s = EnvironmentSettings.custom().kind(EnvironmentKind.EXTERNAL).build();
        assertThatThrownBy(() -> Environments.create(s))
                .hasMessageContaining("HARNESS_TARGET_URL").hasMessageContaining("external");
    }

    @Test
    void aTargetUrlWithoutAKindSelectsExternal() {
        EnvironmentSettings s = EnvironmentSettings.custom().targetUrl("postgresql://u:p@127.0.0.1:5432/db").build();
        assertThat(Environments.selectKind(s)).as("kind").isEqualTo(EnvironmentKind.EXTERNAL);
    }

    @Test
    void anExistingProxyIsReadFromItsVariableAndNeedsTheToxiproxyItIsOn() {
        EnvironmentSettings s = EnvironmentSettings.fromSources(Map.of("HARNESS_TARGET_URL",
                "postgresql://u:p@127.0.0.1:5432/db", "HARNESS_TOXIPROXY_URL", "http://127.0.0.1:8474",
                "HARNESS_TOXIPROXY_PROXY", "staging-db"), n -> null);
        assertThat(s.existingProxy()).contains("staging-db");
        assertThat(EnvironmentSettings.from(s).build().existingProxy()).as("copied by from(base)").contains("staging-db");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_TOXIPROXY_PROXY", "staging-db"),
                n -> null)).hasMessageContaining("HARNESS_TOXIPROXY_URL");
        assertThatThrownBy(() -> EnvironmentSettings.fromSources(Map.of("HARNESS_TOXIPROXY_URL",
                "http://127.0.0.1:8474", "HARNESS_TOXIPROXY_PROXY", "a/b"), n -> null))
                .hasMessageContaining("HARNESS_TOXIPROXY_PROXY").hasMessageContaining("a/b");
    }
}
