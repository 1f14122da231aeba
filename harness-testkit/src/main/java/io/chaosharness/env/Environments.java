package io.chaosharness.env;

import io.chaosharness.env.internal.InstanceRegistry;
import java.util.Objects;

/**
 * Builds the {@link ChaosEnvironment} asked for: {@code HARNESS_ENV=embedded|containers|external} (or the system
 * property {@code harness.env}); without it, {@code external} when {@code HARNESS_TARGET_URL} is set, else
 * {@code containers} where Docker answers and {@code embedded} otherwise.
 */
public final class Environments {

    private Environments() {
    }

    /** The environment the process's settings ask for ({@link EnvironmentSettings#fromSystem()}); not started. */
    public static ChaosEnvironment fromSystem() {
        return create(EnvironmentSettings.fromSystem());
    }

    /** The environment {@code settings} ask for; not started. */
    public static ChaosEnvironment create(EnvironmentSettings settings) {
        return create(settings, EmbeddedProxyLauncher.INSTANCE);
    }

    /**
     * As {@link #create(EnvironmentSettings)}, with another proxy server for the embedded and external providers.
     * Where {@link EnvironmentSettings#ownsSchema()} (by default: an external target that is not read-only), the
     * provider is wrapped so that it creates a schema of its own at start, points the pool and admin connections into
     * it and drops it at close (see {@link ChaosEnvironment#ownedSchema()}).
     */
    public static ChaosEnvironment create(EnvironmentSettings settings, ProxyLauncher proxyLauncher) {
        Objects.requireNonNull(settings, "settings");
        ChaosEnvironment provider = switch (selectKind(settings)) {
            case EMBEDDED -> new EmbeddedEnvironment(settings, proxyLauncher, InstanceRegistry.standard());
            case CONTAINERS -> new ContainersEnvironment(settings);
            case EXTERNAL -> new ExternalEnvironment(settings, proxyLauncher);
        };
        return settings.ownsSchema() ? new SchemaOwningEnvironment(provider, settings) : provider;
    }

    /** An embedded environment (PostgreSQL from Maven binaries and the embedded proxy); not started. */
    public static EmbeddedEnvironment embedded(EnvironmentSettings settings) {
        return new EmbeddedEnvironment(settings, EmbeddedProxyLauncher.INSTANCE, InstanceRegistry.standard());
    }

    /** A containers environment (PostgreSQL and Toxiproxy in Docker); not started. */
    public static ContainersEnvironment containers(EnvironmentSettings settings) {
        return new ContainersEnvironment(settings);
    }

    /** An external environment in front of {@code settings.targetUrl()}; not started. */
    public static ExternalEnvironment external(EnvironmentSettings settings) {
        return new ExternalEnvironment(settings, EmbeddedProxyLauncher.INSTANCE);
    }

    /** The kind {@code settings} resolve to (see the class comment). */
    public static EnvironmentKind selectKind(EnvironmentSettings settings) {
        if (settings.kind().isPresent()) {
            return settings.kind().get();
        }
        if (settings.targetUrl().isPresent()) {
            return EnvironmentKind.EXTERNAL;
        }
        return ContainersEnvironment.isDockerAvailable() ? EnvironmentKind.CONTAINERS : EnvironmentKind.EMBEDDED;
    }
}
