package io.chaosharness.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 server for one test class (embedded, random free port, 127.0.0.1). Issue 4 generalises this
 * into an environment; until then tests start one here and close it in {@code @AfterAll}.
 */
public final class TestPostgres implements AutoCloseable {

    /** A role with a password, so URLs in tests carry a secret that must never leak. */
    public static final String USER = "harness";
    public static final String PASSWORD = "s3cr3t-P@ss:word/%";

    private final EmbeddedPostgres postgres;

    private TestPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static TestPostgres start() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD.replace("'", "''") + "'");
            }
            return new TestPostgres(pg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return postgres.getPort();
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

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
