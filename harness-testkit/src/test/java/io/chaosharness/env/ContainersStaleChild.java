package io.chaosharness.env;

import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link ContainersStaleRecoveryTest}: starts a containers environment, prints {@code READY} and waits
 * (at most a minute) to be killed.
 */
public final class ContainersStaleChild {

    private ContainersStaleChild() {
    }

    public static void main(String[] args) throws Exception {
        ContainersEnvironment env = Environments.containers(EnvironmentSettings.fromSystem());
        env.start();
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        TimeUnit.SECONDS.sleep(60);
        env.close();
    }
}
