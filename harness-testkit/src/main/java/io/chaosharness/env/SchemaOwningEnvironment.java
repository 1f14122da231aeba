package io.chaosharness.env;

import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An environment that owns a schema on its database ({@link OwnedSchema}): {@link #start()} starts the provider and
 * creates {@code chaos_harness_run_<random>}; the pool URL ({@code currentSchema}) and the admin connections point
 * into it, so whatever a run creates lands there; {@link #close()} drops it before stopping the provider (a shutdown
 * hook drops it should the JVM stop first). {@link Environments#create} wraps a provider in it when
 * {@link EnvironmentSettings#ownsSchema()} says so — by default for every external target that is not read-only —
 * so {@code ./harness run}, {@code @ChaosTest} and {@code mvn verify} all leave nothing in a shared database.
 *
 * <p>The capabilities are read once at start: a scenario interrupted by Ctrl-C can still be judged after the
 * provider's own shutdown hook stopped the database. The admin address is asked of the provider each time, so a
 * database that moved (a restarted container) is still reached.
 */
final class SchemaOwningEnvironment extends ForwardingEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaOwningEnvironment.class);

    private final EnvironmentSettings settings;
    private volatile OwnedSchema schema;
    private volatile EnvironmentCapabilities capabilities;

    SchemaOwningEnvironment(ChaosEnvironment delegate, EnvironmentSettings settings) {
        super(delegate);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public synchronized ChaosEnvironment start() {
        if (schema != null && delegate().isRunning()) {
            return this;
        }
        delegate().start();
        TargetUrl pool = delegate().proxiedUrl();
        try {
            schema = OwnedSchema.create(delegate()::adminDataSource, pool.database(), pool.user());
        } catch (SQLException e) {
            delegate().close();
            throw new IllegalStateException("could not create the run's schema in database " + pool.database()
                    + " as role " + pool.user() + " (SQLState " + e.getSQLState() + ": "
                    + io.chaosharness.core.Secrets.mask(String.valueOf(e.getMessage()), pool.password())
                    + "); the role needs CREATE on the database, or set " + EnvironmentSettings.READ_ONLY_VARIABLE
                    + "=true (--read-only) to skip write scenarios and create nothing", e);
        } catch (RuntimeException e) {
            delegate().close();
            throw e;
        }
        capabilities = delegate().capabilities();
        return this;
    }

    @Override
    public Optional<String> ownedSchema() {
        OwnedSchema s = schema;
        return s == null ? Optional.empty() : Optional.of(s.name());
    }

    private OwnedSchema requireSchema() {
        OwnedSchema s = schema;
        if (s == null) {
            throw new IllegalStateException("environment is not running: call start() first");
        }
        return s;
    }

    @Override
    public EnvironmentCapabilities capabilities() {
        EnvironmentCapabilities c = capabilities;
        return c != null ? c : delegate().capabilities();
    }

    @Override
    public String databaseUrl() {
        return requireSchema().inSchema(delegate().databaseUrl());
    }

    @Override
    public String maskedDatabaseUrl() {
        return requireSchema().inSchema(delegate().maskedDatabaseUrl());
    }

    @Override
    public TargetUrl proxiedUrl() {
        TargetUrl u = delegate().proxiedUrl();
        return u.at(u.host(), u.port(), Map.of("currentSchema", requireSchema().name()));
    }

    @Override
    public DataSource adminDataSource() {
        return requireSchema().admin();
    }

    @Override
    public EnvironmentSettings settings() {
        return settings;
    }

    /** Drops the schema, then stops the provider. Idempotent. */
    @Override
    public synchronized void close() {
        OwnedSchema s = schema;
        if (s != null) {
            if (delegate().isRunning() || settings.isExternal()) {
                s.dropQuietly(LOG::warn);
            } else {
                s.abandon(); // an owned database stopped by its own shutdown hook took the schema with it
            }
        }
        delegate().close();
    }

    @Override
    public String toString() {
        OwnedSchema s = schema;
        return delegate() + (s == null ? "" : " in schema " + s.name());
    }
}
