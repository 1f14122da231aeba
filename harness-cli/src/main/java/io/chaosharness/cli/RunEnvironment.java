package io.chaosharness.cli;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.env.TargetUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The started environment as the scenarios see it during a run: the same database, proxy and run schema, except that
 * its capabilities are read once at start, so a scenario interrupted by Ctrl-C can still be judged and written when
 * the environment's own shutdown hook has already stopped the database. Closing it closes nothing: the run closes
 * the real environment (which drops its schema).
 */
final class RunEnvironment implements ChaosEnvironment {

    private final ChaosEnvironment delegate;
    private final EnvironmentCapabilities capabilities;

    RunEnvironment(ChaosEnvironment started) {
        this.delegate = started;
        this.capabilities = started.capabilities();
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
        return delegate.databaseUrl();
    }

    @Override
    public String maskedDatabaseUrl() {
        return delegate.maskedDatabaseUrl();
    }

    @Override
    public TargetUrl proxiedUrl() {
        return delegate.proxiedUrl();
    }

    @Override
    public String applicationName() {
        return delegate.applicationName();
    }

    @Override
    public DataSource adminDataSource() {
        return delegate.adminDataSource();
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
    public EnvironmentSettings settings() {
        return delegate.settings();
    }

    @Override
    public Optional<String> ownedSchema() {
        return delegate.ownedSchema();
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
