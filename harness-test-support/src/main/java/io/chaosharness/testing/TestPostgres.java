package io.chaosharness.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL 17 server for one test class (embedded, random free port, 127.0.0.1), started before the class's
 * {@code @BeforeAll} methods and closed after its {@code @AfterAll} methods:
 * <pre>
 *   &#64;RegisterExtension
 *   static final TestPostgres postgres = TestPostgres.perClass();
 * </pre>
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {

    /** A role with a password, so URLs in tests carry a secret that must never leak. */
    public static final String USER = "harness";
    public static final String PASSWORD = "s3cr3t-P@ss:word/%";

    private volatile EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    /** A server for the test class that registers it as a static {@code @RegisterExtension} field. */
    public static TestPostgres perClass() {
        return new TestPostgres();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, SQLException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD.replace("'", "''") + "'");
        } catch (SQLException e) {
            pg.close();
            throw e;
        }
        postgres = pg;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        EmbeddedPostgres pg = postgres;
        postgres = null;
        if (pg != null) {
            pg.close();
        }
    }

    public int port() {
        EmbeddedPostgres pg = postgres;
        if (pg == null) {
            throw new IllegalStateException("TestPostgres is not running: register it as a static @RegisterExtension "
                    + "field and use it from tests or @BeforeAll methods");
        }
        return pg.getPort();
    }

    /** The seed-style URL for this server, with the percent-encoded password. */
    public String url(String query) {
        String encoded = PASSWORD.replace("%", "%25").replace("@", "%40").replace(":", "%3A").replace("/", "%2F");
        return "postgresql://" + USER + ":" + encoded + "@127.0.0.1:" + port() + "/postgres"
                + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** A URL pointing at a port nothing listens on (bound then released). */
    public static String closedPortUrl(String query) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "postgresql://" + USER + ":closed-secret@127.0.0.1:" + port + "/postgres"
                + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
