package io.chaosharness.env;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * A schema a run creates for everything it writes (tables, users of the workload), and drops at the end — on
 * {@link #close()}, and from a shutdown hook should the JVM be stopped first (Ctrl-C, SIGTERM) — so a shared database
 * keeps nothing of the run. Its name is {@code chaos_harness_run_<random>}: a leftover one (the JVM was killed) can be
 * found and dropped by that prefix.
 *
 * <p>The admin data source is asked for each time ({@code Supplier}), never copied once: an environment whose
 * database moves (a container restarted on a new port) hands out its current address.
 */
public final class OwnedSchema implements AutoCloseable {

    /** Prefix of every run schema's name. */
    public static final String PREFIX = "chaos_harness_run_";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(OwnedSchema.class);

    private final Supplier<DataSource> admin;
    private final String database;
    private final String name;
    private final Thread hook;
    private boolean dropped;

    private OwnedSchema(Supplier<DataSource> admin, String database, String name) {
        this.admin = admin;
        this.database = database;
        this.name = name;
        this.hook = new Thread(() -> dropQuietly(m -> LOG.warn("{}", m)), "chaos-harness-drop-" + name);
    }

    /**
     * Creates a fresh schema in {@code database}, owned by {@code owner} (the role the pool logs in as; the admin
     * connection may be a superuser's), and arms the shutdown hook that drops it.
     *
     * @param admin    the current admin data source of the database server (asked again for every statement)
     * @param database the database the pool uses (the admin source may point at a maintenance database)
     * @throws SQLException when the role may not create schemas (callers suggest read-only)
     */
    public static OwnedSchema create(Supplier<DataSource> admin, String database, String owner) throws SQLException {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(owner, "owner");
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        OwnedSchema schema = new OwnedSchema(admin, database, PREFIX + HexFormat.of().formatHex(random));
        try (Connection c = schema.applicationDatabase().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            s.execute("CREATE SCHEMA " + schema.name + " AUTHORIZATION " + quote(owner));
        }
        Runtime.getRuntime().addShutdownHook(schema.hook);
        LOG.info("created the run's schema {} in database {}; it is dropped at the end", schema.name, database);
        return schema;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public String name() {
        return name;
    }

    /** {@code url} with {@code currentSchema=<name>} appended, so a pool's tables land in this schema. */
    public String inSchema(String url) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** An admin data source to the application database whose connections start in this schema. */
    public DataSource admin() {
        return inSchema(applicationDatabase(), name);
    }

    public synchronized boolean isDropped() {
        return dropped;
    }

    /** Drops the schema and everything in it; idempotent. */
    @Override
    public synchronized void close() throws SQLException {
        if (dropped) {
            return;
        }
        try (Connection c = applicationDatabase().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
        dropped = true;
        LOG.info("dropped the run's schema {}", name);
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook finds the schema dropped and does nothing
            }
        }
    }

    /**
     * Gives the schema up without dropping it: its database is gone with everything in it (an owned database stopped
     * by its own shutdown hook), so there is nothing left to drop.
     */
    synchronized void abandon() {
        if (dropped) {
            return;
        }
        dropped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down
        }
    }

    /** Drops quietly, handing a failure (no secret in it) to {@code warn}. */
    public void dropQuietly(Consumer<String> warn) {
        try {
            close();
        } catch (SQLException | RuntimeException e) {
            warn.accept("could not drop the run's schema " + name + " (drop it by hand): "
                    + e.getClass().getSimpleName() + " " + (e instanceof SQLException q ? q.getSQLState() : ""));
        }
    }

    /** The current admin data source, pointed at the database the pool uses. */
    private DataSource applicationDatabase() {
        DataSource current = admin.get();
        if (current instanceof PGSimpleDataSource pg && !database.equals(pg.getDatabaseName())) {
            return copy(pg, database, null);
        }
        return current;
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

    @Override
    public String toString() {
        return "OwnedSchema{" + name + " in " + database + (isDropped() ? ", dropped" : "") + "}";
    }

    /** A data source whose connections start in {@code schema}. */
    private static final class SchemaDataSource extends io.chaosharness.pool.ForwardingDataSource {
        private final String schema;

        SchemaDataSource(DataSource delegate, String schema) {
            super(delegate);
            this.schema = schema;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return inSchema(delegate().getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return inSchema(delegate().getConnection(user, password));
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
        public String toString() {
            return "SchemaDataSource{schema=" + schema + "}";
        }
    }
}
