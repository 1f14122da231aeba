package io.chaosharness.env;

/**
 * Measures the embedded environment's start time (PostgreSQL initdb and start, role and database, proxy, ready to
 * serve): {@code java -cp <test classpath> io.chaosharness.env.EmbeddedStartupTimer [runs]}. The first run may include
 * extracting the PostgreSQL binaries (cold); later runs are warm. Not a test: speed is measured, not asserted.
 */
public final class EmbeddedStartupTimer {

    private EmbeddedStartupTimer() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            try (EmbeddedEnvironment env = Environments.embedded(EnvironmentSettings.custom().build())) {
                env.start();
                long ready = (System.nanoTime() - t0) / 1_000_000;
                long t1 = System.nanoTime();
                env.restartDatabase();
                long restart = (System.nanoTime() - t1) / 1_000_000;
                System.out.printf("run %d: ready in %d ms, restart in %d ms (%s)%n", i, ready, restart,
                        env.capabilities());
            }
        }
    }
}
