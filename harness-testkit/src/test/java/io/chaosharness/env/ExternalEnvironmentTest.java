package io.chaosharness.env;

import static io.chaosharness.env.EmbeddedEnvironmentTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.chaosharness.chaos.FaultInjector;
import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.chaos.TerminateBackends;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.env.internal.EmbeddedPostgresServer;
import io.chaosharness.env.internal.InstanceRegistry;
import io.chaosharness.proxy.ToxiproxyServer;
import io.chaosharness.proxy.ToxiproxyServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external provider, against a second embedded PostgreSQL standing in for staging. */
class ExternalEnvironmentTest {

    private static final String STAGING_PASSWORD = "stag1ng-Secret";

    @TempDir
    static Path registryRoot;
    static InstanceRegistry.Instance instance;
    static EmbeddedPostgresServer staging;
    static String stagingUrl;

    @BeforeAll
    static void startStaging() throws SQLException {
        instance = new InstanceRegistry(registryRoot).create("staging");
        staging = EmbeddedPostgresServer.start(instance.dataDir(), Duration.ofSeconds(60));
        DataSource admin = staging.superuserDataSource("postgres");
        EmbeddedEnvironmentTest.execute(admin, "CREATE ROLE app LOGIN PASSWORD '" + STAGING_PASSWORD + "'");
        EmbeddedEnvironmentTest.execute(admin, "CREATE DATABASE shop OWNER app");
        stagingUrl = "postgresql://app:" + STAGING_PASSWORD + "@127.0.0.1:" + staging.port() + "/shop";
    }

    @AfterAll
    static void stopStaging() {
        if (staging != null) {
            staging.close();
        }
        if (instance != null) {
            instance.close();
        }
    }

    private static EnvironmentSettings.Builder settings() {
        return EnvironmentSettings.custom().kind(EnvironmentKind.EXTERNAL).targetUrl(stagingUrl);
    }

    @Test
    void putsTheEmbeddedProxyInFrontAndTouchesNothingOnTheDatabaseSide() throws Exception {
        ExternalEnvironment env = (ExternalEnvironment) Environments.create(settings().build());
        try {
            env.start();
            EnvironmentCapabilities caps = env.capabilities();
            assertThat(caps.provider()).as("provider").isEqualTo("external");
            assertThat(caps.postgresVersion()).as("version").startsWith("17.");
            assertThat(caps.canRestartDatabase()).as("restart").isFalse();
            assertThat(caps.canTerminateBackends()).as("terminate without permission").isFalse();
            assertThat(caps.canLimitConnections()).as("connection limit").isFalse();
            assertThat(env.databaseUrl()).as("proxied URL")
                    .startsWith("postgresql://app:").contains("/shop?ApplicationName=chaos-harness")
                    .doesNotContain(":" + staging.port() + "/");
            assertThat(env.maskedDatabaseUrl() + env + env.target()).as("masked everywhere").doesNotContain(STAGING_PASSWORD);
            assertThat(queryString(env.proxiedUrl().dataSource(env.applicationName()), "SELECT current_database()"))
                    .as("through the proxy").isEqualTo("shop");

            assertThatThrownBy(env::restartDatabase).as("restart")
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("external")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(STAGING_PASSWORD));
            try (FaultInjector injector = new FaultInjector(env, EventRecorder.systemUtc())) {
                assertThatThrownBy(() -> injector.inject(new TerminateBackends())).as("terminate backends")
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("canTerminateBackends").hasMessageContaining("external");
                try (var down = injector.inject(new ProxyDown())) {
                    assertThatThrownBy(() -> env.proxiedUrl().dataSource("x").getConnection().close())
                            .as("proxy faults work").isInstanceOf(SQLException.class);
                }
            }
        } finally {
            env.close();
        }
        assertThat(staging.isRunning() && staging.postmaster().isPresent())
                .as("the external database is still running after close").isTrue();
    }

    @Test
    void whenAllowedTerminatesOnlyTheHarnessesOwnBackends() throws Exception {
        try (ExternalEnvironment env = (ExternalEnvironment) Environments.create(settings().allowDatabaseFaults(true).build());
                FaultInjector injector = new FaultInjector(env.start(), EventRecorder.systemUtc())) {
            assertThat(env.capabilities().canTerminateBackends()).as("allowed").isTrue();
            DataSource harness = env.proxiedUrl().dataSource(env.applicationName());
            DataSource bystanderSource = env.target().dataSource("someone-else");
            try (Connection own = harness.getConnection(); Connection bystander = bystanderSource.getConnection()) {
                try (var f = injector.inject(new TerminateBackends())) {
                    assertThat(injector.recorder().ofType(io.chaosharness.core.event.FaultEvent.class))
                            .as("fault event").first().extracting(e -> e.description())
                            .asString().startsWith("terminated 1 backend(s) with application_name=chaos-harness");
                }
                assertThatThrownBy(() -> run(own, "SELECT 1")).as("own backend terminated")
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isIn("57P01", "08006", "08003");
                run(bystander, "SELECT 1");
            }
        }
    }

    @Test
    void onASharedToxiproxyUsesAProxyOfItsOwnAndLeavesTheOthersAlone() throws Exception {
        try (ToxiproxyServer shared = ToxiproxyServer.start(
                ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).build())) {
            ToxiproxyClient other = new ToxiproxyClient("127.0.0.1", shared.apiPort());
            Proxy someoneElses = other.createProxy("someone-elses", "127.0.0.1:0", "127.0.0.1:9");
            someoneElses.toxics().latency("theirs", ToxicDirection.DOWNSTREAM, 100);

            ExternalEnvironment env = (ExternalEnvironment) Environments.create(
                    settings().toxiproxyUrl(shared.apiUri()).build());
            String ours;
            try {
                env.start();
                ours = env.databaseProxy().getName();
                assertThat(ours).as("own proxy name").startsWith("chaos-harness-");
                assertThat(env.capabilities().proxyImplementation()).as("implementation")
                        .isEqualTo("Toxiproxy 2.12.0 at " + shared.apiUri());
                assertThat(queryString(env.proxiedUrl().dataSource(env.applicationName()), "SELECT 'via shared'"))
                        .as("through the shared proxy").isEqualTo("via shared");

                env.databaseProxy().toxics().latency("ours", ToxicDirection.DOWNSTREAM, 100);
                env.resetProxy();
                assertThat(env.databaseProxy().toxics().getAll()).as("our toxics after reset").isEmpty();
                assertThat(other.getProxy("someone-elses").toxics().getAll()).as("their toxics after our reset")
                        .extracting(t -> t.getName()).containsExactly("theirs");
            } finally {
                env.close();
            }
            assertThat(other.getProxies()).as("proxies left on the shared server")
                    .extracting(Proxy::getName).containsExactly("someone-elses");
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
