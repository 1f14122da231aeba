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
        ExternalEnvironment env = Environments.external(settings().build());
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
        try (ExternalEnvironment env = Environments.external(settings().allowDatabaseFaults(true).build());
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

            ExternalEnvironment env = Environments.external(
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

    @Test
    void onAnExistingProxyItFaultsOnlyThatOneAndRestoresItExactly() throws Exception {
        try (ToxiproxyServer shared = ToxiproxyServer.start(
                ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).build())) {
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", shared.apiPort());
            Proxy app = client.createProxy("staging-db", "127.0.0.1:0", "127.0.0.1:" + staging.port());
            Proxy busy = client.createProxy("busy", "127.0.0.1:0", "127.0.0.1:9");
            busy.toxics().latency("theirs", ToxicDirection.DOWNSTREAM, 100);
            EnvironmentSettings.Builder adopting = settings().toxiproxyUrl(shared.apiUri());

            assertThatThrownBy(() -> Environments.external(adopting.existingProxy("missing").build()).start())
                    .as("a proxy that is not there").hasMessageContaining("no proxy 'missing'")
                    .hasMessageContaining("busy, staging-db");
            assertThatThrownBy(() -> Environments.external(adopting.existingProxy("busy").build()).start())
                    .as("a proxy under fault already").hasMessageContaining("already has toxics (theirs)");

            ExternalEnvironment env = Environments.external(adopting.existingProxy("staging-db").build());
            try {
                env.start();
                assertThat(env.databaseProxy().getName()).isEqualTo("staging-db");
                assertThat(env.proxiedUrl().port()).as("the existing proxy's listener")
                        .isEqualTo(AbstractChaosEnvironment.portOf(app.getListen()));
                assertThat(queryString(env.proxiedUrl().dataSource(env.applicationName()), "SELECT 'via theirs'"))
                        .isEqualTo("via theirs");
                try (FaultInjector injector = new FaultInjector(env, EventRecorder.systemUtc())) {
                    injector.inject(new io.chaosharness.chaos.Latency(Duration.ofMillis(50), Duration.ZERO));
                    injector.inject(new ProxyDown());
                    // someone else's toxic, added while the run goes on: not the harness's to remove
                    client.getProxy("staging-db").toxics().latency("operator", ToxicDirection.UPSTREAM, 1);
                    env.resetProxy();
                }
                Proxy after = client.getProxy("staging-db");
                assertThat(after.isEnabled()).as("enabled again").isTrue();
                assertThat(after.toxics().getAll()).as("only the toxics the harness added are removed")
                        .extracting(t -> t.getName()).containsExactly("operator");
                after.toxics().get("operator").remove();
            } finally {
                env.close();
            }
            assertThat(client.getProxies()).as("no proxy created or deleted")
                    .extracting(Proxy::getName).containsExactlyInAnyOrder("staging-db", "busy");
            assertThat(client.getProxy("busy").toxics().getAll()).extracting(t -> t.getName())
                    .containsExactly("theirs");
        }
    }

    @Test
    void createdFromTheSettingsItOwnsASchemaWhereEverythingLandsAndDropsItAtClose() throws Exception {
        DataSource owner = staging.superuserDataSource("shop");
        java.util.Set<String> before = catalog(owner);
        String schema;
        ChaosEnvironment env = Environments.create(settings().build());
        try {
            env.start();
            schema = env.ownedSchema().orElseThrow();
            assertThat(schema).as("schema name").startsWith(OwnedSchema.PREFIX);
            assertThat(env.databaseUrl()).as("pool URL points into the schema").contains("currentSchema=" + schema);
            try (Connection c = env.proxiedUrl().dataSource(env.applicationName()).getConnection()) {
                run(c, "CREATE TABLE harness_writes (k text)");
                run(c, "INSERT INTO harness_writes VALUES ('a')");
            }
            assertThat(queryString(env.adminDataSource(), "SELECT count(*)::text FROM harness_writes"))
                    .as("the admin connection reads the schema").isEqualTo("1");
            assertThat(queryString(owner, "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                    + "c.relnamespace WHERE c.relname = 'harness_writes'")).as("where the table landed").isEqualTo(schema);
        } finally {
            env.close();
        }
        assertThat(catalog(owner)).as("schemas, tables and roles after close").isEqualTo(before);
    }

    @Test
    void readOnlyItOwnsNoSchemaAndCreatesNothing() throws Exception {
        DataSource owner = staging.superuserDataSource("shop");
        java.util.Set<String> before = catalog(owner);
        try (ChaosEnvironment env = Environments.create(settings().readOnly(true).build())) {
            env.start();
            assertThat(env.ownedSchema()).as("owned schema").isEmpty();
            assertThat(env.databaseUrl()).as("pool URL").doesNotContain("currentSchema");
            assertThat(catalog(owner)).as("nothing created while running").isEqualTo(before);
        }
    }

    @Test
    void aRoleThatMayNotCreateSchemasGetsAnErrorSuggestingReadOnly() throws Exception {
        DataSource admin = staging.superuserDataSource("postgres");
        EmbeddedEnvironmentTest.execute(admin, "DROP ROLE IF EXISTS reader");
        EmbeddedEnvironmentTest.execute(admin, "CREATE ROLE reader LOGIN PASSWORD 'reader-Secret1'");
        EmbeddedEnvironmentTest.execute(staging.superuserDataSource("shop"), "REVOKE CREATE ON DATABASE shop FROM PUBLIC");
        ChaosEnvironment env = Environments.create(EnvironmentSettings.custom().kind(EnvironmentKind.EXTERNAL)
                .targetUrl("postgresql://reader:reader-Secret1@127.0.0.1:" + staging.port() + "/shop").build());
        assertThatThrownBy(env::start).as("start without CREATE")
                .hasMessageContaining("HARNESS_READ_ONLY").hasMessageContaining("CREATE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("reader-Secret1"));
        assertThat(env.isRunning()).as("the provider was closed again").isFalse();
    }

    /** Every schema, relation (with its schema) and role of the server, as seen from {@code ds}. */
    static java.util.Set<String> catalog(DataSource ds) throws SQLException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT 'schema ' || nspname FROM pg_namespace UNION ALL "
                    + "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace UNION ALL SELECT 'role ' || rolname FROM pg_roles")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
