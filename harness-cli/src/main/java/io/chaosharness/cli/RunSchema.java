package io.chaosharness.cli;

import io.chaosharness.env.ChaosEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The schema a run creates for the tables write scenarios use, and drops at the end (also after an abort), so a
 * shared database keeps nothing of the run. {@link RunEnvironment} hands the scenarios a pool URL and admin connections
 * in that schema ({@code currentSchema}). It asks the environment for the database's address each time: a containers
 * database comes back from a restart on another host port.
 */
final class RunSchema implements AutoCloseable {

    /** Prefix of every run schema's name; a leftover one (the JVM was killed) can be found and dropped by it. */
    static final String PREFIX = "chaos_harness_run_";

    private final ChaosEnvironment environment;
    /** The admin data source at creation, for dropping once the environment no longer answers (external). */
    private final DataSource createdWith;
    private final String name;
    private boolean dropped;

    private RunSchema(ChaosEnvironment environment, DataSource createdWith, String name) {
        this.environment = environment;
        this.createdWith = createdWith;
        this.name = name;
    }

    /**
     * Creates a fresh schema through {@code environment}'s admin connection (to the application database).
     *
     * @throws SQLException when the role may not create schemas (the caller suggests --read-only)
     */
    static RunSchema create(ChaosEnvironment environment) throws SQLException {
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        String name = PREFIX + HexFormat.of().formatHex(random);
        DataSource admin = applicationDatabase(environment);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            // owned by the role the pool logs in as (the admin connection may be a superuser's)
            s.execute("CREATE SCHEMA " + name + " AUTHORIZATION " + quote(environment.proxiedUrl().user()));
        }
        return new RunSchema(environment, admin, name);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    String name() {
        return name;
    }

    /**
     * An admin data source to the application database whose connections start in this schema, at the address the
     * environment reports now.
     */
    DataSource adminInSchema(ChaosEnvironment environment) {
        return inSchema(applicationDatabase(environment), name);
    }

    /** Drops the schema and everything in it; idempotent. */
    @Override
    public synchronized void close() throws SQLException {
        if (dropped) {
            return;
        }
        DataSource admin = environment.isRunning() ? applicationDatabase(environment) : createdWith;
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
        dropped = true;
    }

    /** Drops quietly, reporting a failure on {@code err} (masked by the caller's writer). */
    void dropQuietly(java.util.function.Consumer<String> warn) {
        try {
            close();
        } catch (SQLException | RuntimeException e) {
            warn.accept("could not drop the run's schema " + name + " (drop it by hand): "
                    + e.getClass().getSimpleName() + " " + (e instanceof SQLException q ? q.getSQLState() : ""));
        }
    }

    /** The admin data source, pointed at the database the pool uses (it may point at a maintenance database). */
    private static DataSource applicationDatabase(ChaosEnvironment environment) {
        DataSource admin = environment.adminDataSource();
        String database = environment.proxiedUrl().database();
        if (admin instanceof PGSimpleDataSource pg && !database.equals(pg.getDatabaseName())) {
            return copy(pg, database, null);
        }
        return admin;
    }

    private static DataSource inSchema(DataSource admin, String schema) {
        if (admin instanceof PGSimpleDataSource pg) {
            return copy(pg, pg.getDatabaseName(), schema);
        }
        return new SchemaDataSource(admin, schema);
    }

    private static PGSimpleDataSource copy(PGSimpleDataSource pg, String database, String schema) {
        PGSimpleDataSource copy = new PGSimpleDataSource();
        try {
            copy.initializeFrom(pg);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("could not copy the admin data source: " + e.getMessage(), e);
        }
        copy.setDatabaseName(database);
        if (schema != null) {
            copy.setCurrentSchema(schema);
        }
        return copy;
    }

    /** A data source whose connections start in {@code schema}. */
    private record SchemaDataSource(DataSource delegate, String schema) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return inSchema(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return inSchema(delegate.getConnection(user, password));
        }

        private Connection inSchema(Connection c) throws SQLException {
            try {
                c.setSchema(schema);
                return c;
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }

        @Override
        public String toString() {
            return "SchemaDataSource{schema=" + schema + "}";
        }
    }
}
