package io.chaosharness.env;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link OwnedSchemaTest}: starts an external environment in front of the URL in {@code args[0]} (as
 * {@code @ChaosTest} does with {@code HARNESS_ENV=external}), creates a table through the pool URL, prints
 * {@code READY <schema>} and waits (at most a minute) to be stopped by a signal, never closing the environment itself.
 */
public final class OwnedSchemaChild {

    private OwnedSchemaChild() {
    }

    public static void main(String[] args) throws Exception {
        ChaosEnvironment env = Environments.create(EnvironmentSettings.custom().kind(EnvironmentKind.EXTERNAL)
                .targetUrl(args[0]).build());
        env.start();
        try (Connection c = env.proxiedUrl().dataSource(env.applicationName()).getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE harness_writes (k text)");
        }
        System.out.println("READY " + env.ownedSchema().orElseThrow());
        System.out.flush();
        TimeUnit.SECONDS.sleep(60);
    }
}
