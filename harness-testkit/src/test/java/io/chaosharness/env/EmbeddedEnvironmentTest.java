package io.chaosharness.env;

import static io.chaosharness.testing.Leftovers.accepts;
import static io.chaosharness.testing.Leftovers.isZombie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.pool.DatabaseUrl;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedEnvironmentTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEnvironmentTest.class);

    @Test
    void startsPostgres17BehindTheProxyAndLeavesNothingAfterClose() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        EmbeddedEnvironment env = Environments.embedded(EnvironmentSettings.custom().seed(11).build());
        String secret = null;
        Path dataDir;
        ProcessHandle postmaster;
        URI api;
        int proxyPort;
        int dbPort;
        try {
            env.start();
            LOG.info("embedded environment ready in {} ms", env.startMillis());
            EnvironmentCapabilities caps = env.capabilities();
            assertThat(caps.provider()).as("provider").isEqualTo("embedded");
            assertThat(caps.postgresVersion()).as("PostgreSQL version").startsWith("17.");
            assertThat(caps.proxyImplementation()).as("proxy").isEqualTo("embedded (Toxiproxy 2.12.0 API)");
            assertThat(caps.canRestartDatabase() && caps.canTerminateBackends() && caps.canLimitConnections())
                    .as("an owned database allows every database-level fault").isTrue();

            String url = env.databaseUrl();
            TargetUrl proxied = env.proxiedUrl();
            String password = proxied.password();
            secret = password;
            assertThat(url).as("DATABASE_URL through the proxy")
                    .matches("postgresql://harness:[^@]+@127\\.0\\.0\\.1:\\d+/harness\\?ApplicationName=chaos-harness");
            assertThat(env.maskedDatabaseUrl()).as("masked URL").doesNotContain(password).contains(":****@");
            assertThat(env.toString()).as("toString").doesNotContain(password);
            assertThat(DatabaseUrl.parse(url).port()).as("the pool's parser reads the proxied port")
                    .isEqualTo(proxied.port());

            dbPort = env.databasePort();
            proxyPort = proxied.port();
            assertThat(proxyPort).as("the URL points at the proxy, not the database").isNotEqualTo(dbPort);
            assertThat(env.databaseProxy().getUpstream()).as("proxy upstream").isEqualTo("127.0.0.1:" + dbPort);

            assertThat(queryString(proxied.dataSource(env.applicationName()), "SELECT current_user"))
                    .as("the application role through the proxy").isEqualTo("harness");
            assertThat(queryString(env.adminDataSource(), "SELECT inet_server_port()::text"))
                    .as("the admin connection goes straight to the database").isEqualTo(String.valueOf(dbPort));
            DataSource wrongPassword = proxied.at(proxied.host(), proxied.port(), Map.of()).dataSource("x");
            ((org.postgresql.ds.PGSimpleDataSource) wrongPassword).setPassword("wrong");
            assertThatThrownBy(() -> wrongPassword.getConnection().close())
                    .as("the password is really checked")
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");

            dataDir = env.dataDirectory();
            postmaster = env.postmaster().orElseThrow();
            api = env.toxiproxyApi();
        } finally {
            env.close();
            root.detachAppender(logs);
        }
        String password = secret;
        assertThat(logs.list).as("log lines of start, use and close").isNotEmpty()
                .noneMatch(e -> e.getFormattedMessage().contains(password));
        assertThat(env.isRunning()).as("running after close").isFalse();
        assertThat(postmaster.isAlive() && !isZombie(postmaster)).as("postmaster alive after close").isFalse();
        assertThat(dataDir).as("data directory after close").doesNotExist();
        assertThat(dataDir.getParent()).as("instance directory after close").doesNotExist();
        assertThat(accepts(api.getPort())).as("proxy API listening after close").isFalse();
        assertThat(accepts(proxyPort)).as("proxy listener after close").isFalse();
        assertThat(accepts(dbPort)).as("PostgreSQL listening after close").isFalse();
    }

    @Test
    void restartKeepsPortAndDataAndTheProxiedUrlWorksAgain() throws Exception {
        try (EmbeddedEnvironment env = Environments.embedded(EnvironmentSettings.custom().seed(12).build())) {
            env.start();
            execute(env.adminDataSource(), "CREATE TABLE IF NOT EXISTS restart_probe (v int); INSERT INTO restart_probe VALUES (7)");
            int port = env.databasePort();
            long before = env.postmaster().orElseThrow().pid();

            env.restartDatabase();

            assertThat(env.databasePort()).as("port").isEqualTo(port);
            assertThat(env.postmaster()).as("new postmaster").get().extracting(ProcessHandle::pid).isNotEqualTo(before);
            assertThat(queryString(env.adminDataSource(), "SELECT v::text FROM restart_probe"))
                    .as("data survives").isEqualTo("7");
            assertThat(queryString(env.proxiedUrl().dataSource(env.applicationName()), "SELECT 'through proxy'"))
                    .as("proxied URL after restart").isEqualTo("through proxy");
        }
    }

    @Test
    void closingTwiceAndUsingAStoppedEnvironmentFailClearly() {
        EmbeddedEnvironment env = Environments.embedded(EnvironmentSettings.custom().build());
        assertThatThrownBy(env::databaseUrl).as("before start")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        env.start();
        env.close();
        env.close();
        assertThatThrownBy(env::adminDataSource).as("after close").hasMessageContaining("not running");
    }


    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String queryString(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
