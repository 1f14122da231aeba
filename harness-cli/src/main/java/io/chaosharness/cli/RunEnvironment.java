package io.chaosharness.cli;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.TargetUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The started environment as the scenarios see it during a run: the same database and proxy, with two differences.
 * With a {@link RunSchema}, the pool URL and the admin connections use the run's schema ({@code currentSchema}).
 * And its capabilities are read once at start, so a scenario interrupted by Ctrl-C can still be judged and written
 * when the environment's own shutdown hook has already stopped the database. The admin connections are asked of the
 * started environment on every call, so they follow the database across a restart to another port (containers).
 * Closing it closes nothing: the run closes the real environment after dropping the schema.
 */
final class RunEnvironment implements ChaosEnvironment {

    private final ChaosEnvironment delegate;
    private final EnvironmentCapabilities capabilities;
    private final String schema;
    private final RunSchema runSchema;
    /** The admin data source at start, for a scenario judged after the environment stopped (abort). */
    private final DataSource adminAtStart;

    RunEnvironment(ChaosEnvironment started, RunSchema schema) {
        this.delegate = started;
        this.capabilities = started.capabilities();
        this.schema = schema == null ? null : schema.name();
        this.runSchema = schema;
        this.adminAtStart = schema == null ? started.adminDataSource() : schema.adminInSchema(started);
    }

    private String withSchema(String url) {
        return schema == null ? url : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public ChaosEnvironment start() {
        delegate.start();
        return this;
    }

    @Override
    public boolean isRunning() {
        return delegate.isRunning();
    }

    @Override
    public EnvironmentCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public String databaseUrl() {
        return withSchema(delegate.databaseUrl());
    }

    @Override
    public String maskedDatabaseUrl() {
        return withSchema(delegate.maskedDatabaseUrl());
    }

    @Override
    public TargetUrl proxiedUrl() {
        TargetUrl u = delegate.proxiedUrl();
        return schema == null ? u : u.at(u.host(), u.port(), Map.of("currentSchema", schema));
    }

    @Override
    public String applicationName() {
        return delegate.applicationName();
    }

    @Override
    public DataSource adminDataSource() {
        if (!delegate.isRunning()) {
            return adminAtStart;
        }
        return runSchema == null ? delegate.adminDataSource() : runSchema.adminInSchema(delegate);
    }

    @Override
    public URI toxiproxyApi() {
        return delegate.toxiproxyApi();
    }

    @Override
    public ToxiproxyClient toxiproxyClient() {
        return delegate.toxiproxyClient();
    }

    @Override
    public Proxy databaseProxy() {
        return delegate.databaseProxy();
    }

    @Override
    public long seed() {
        return delegate.seed();
    }

    @Override
    public Duration controlTimeout() {
        return delegate.controlTimeout();
    }

    @Override
    public void resetProxy() {
        delegate.resetProxy();
    }

    @Override
    public void stopDatabase() {
        delegate.stopDatabase();
    }

    @Override
    public void startDatabase() {
        delegate.startDatabase();
    }

    @Override
    public void restartDatabase() {
        delegate.restartDatabase();
    }

    /** Nothing: the run closes the real environment itself. */
    @Override
    public void close() {
    }
}
