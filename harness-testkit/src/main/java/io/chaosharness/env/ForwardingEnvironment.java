package io.chaosharness.env;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An environment that forwards every call to another one; subclasses override what they change (a schema of their
 * own, capabilities read once, a close that closes nothing). {@link #start()} starts the delegate and returns this
 * wrapper, so callers keep talking to the wrapper.
 */
public abstract class ForwardingEnvironment implements ChaosEnvironment {

    private final ChaosEnvironment delegate;

    protected ForwardingEnvironment(ChaosEnvironment delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The environment calls are forwarded to. */
    protected ChaosEnvironment delegate() {
        return delegate;
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
        return delegate.capabilities();
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

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
