package io.chaosharness.env;

import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link StaleInstanceRecoveryTest}: starts an embedded environment, prints
 * {@code READY <postmaster pid> <data dir>} and waits (at most a minute) to be killed.
 */
public final class StaleInstanceChild {

    private StaleInstanceChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedEnvironment env = Environments.embedded(EnvironmentSettings.custom().seed(1).build());
        env.start();
        System.out.println("READY " + env.postmaster().orElseThrow().pid() + " " + env.dataDirectory());
        System.out.flush();
        TimeUnit.SECONDS.sleep(60);
        env.close();
    }
}
