package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.chaosharness.testing.TestPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;

/** pgjdbc against a real PostgreSQL through the embedded proxy, driven by the toxiproxy-java client. */
class ProxyPostgresTest {

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private ToxiproxyServer server;
    private Proxy proxy;

    @BeforeEach
    void startProxy() throws IOException {
        server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(3).build());
        proxy = new ToxiproxyClient("127.0.0.1", server.apiPort())
                .createProxy("pg", "127.0.0.1:0", "127.0.0.1:" + postgres.port());
    }

    @AfterEach
    void stopProxy() {
        server.close();
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", TestPostgres.USER);
        p.setProperty("password", TestPostgres.PASSWORD);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "20");
        return DriverManager.getConnection("jdbc:postgresql://" + proxy.getListen() + "/postgres", p);
    }

    private static long timedSelect(Connection c) throws SQLException {
        long start = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void queriesWorkThroughTheProxyAndLatencySlowsThem() throws Exception {
        try (Connection c = connect()) {
            timedSelect(c);
            proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
            assertThat(timedSelect(c)).as("SELECT 1 on a pooled-style live connection with 300 ms latency")
                    .isBetween(300L, 10_000L);
            proxy.toxics().get("slow").remove();
            timedSelect(c);
        }
    }

    @Test
    void resetPeerGivesAConnectionError() throws Exception {
        try (Connection c = connect()) {
            timedSelect(c);
            proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
            assertThatThrownBy(() -> timedSelect(c)).isInstanceOf(PSQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("connection failure class")
                            .startsWith("08"))
                    .hasStackTraceContaining("Connection reset");
        }
    }

    @Test
    void disabledProxyRefusesNewConnections() throws Exception {
        proxy.disable();
        assertThatThrownBy(this::connect).isInstanceOf(PSQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        proxy.enable();
        try (Connection c = connect()) {
            timedSelect(c);
        }
    }
}
