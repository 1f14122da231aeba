package io.chaosharness.cli;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.ForwardingEnvironment;

/**
 * The started environment as the scenarios see it during a run: the same database, proxy and run schema, except that
 * its capabilities are read once at start, so a scenario interrupted by Ctrl-C can still be judged and written when
 * the environment's own shutdown hook has already stopped the database. Closing it closes nothing: the run closes
 * the real environment (which drops its schema).
 */
final class RunEnvironment extends ForwardingEnvironment {

    private final EnvironmentCapabilities capabilities;

    RunEnvironment(ChaosEnvironment started) {
        super(started);
        this.capabilities = started.capabilities();
    }

    @Override
    public EnvironmentCapabilities capabilities() {
        return capabilities;
    }

    /** Nothing: the run closes the real environment itself. */
    @Override
    public void close() {
    }
}
