package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.env.internal.InstanceRegistry;
import io.chaosharness.testing.Leftovers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed with SIGKILL leaves its PostgreSQL running; the next start finds it, stops it and deletes its files. */
class StaleInstanceRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    void theNextStartStopsThePostmasterOfAKilledJvmAndDeletesItsDirectory() throws Exception {
        String zonkyDir = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString();
        ChildJvm child = ChildJvm.start(StaleInstanceChild.class,
                "-Djava.io.tmpdir=" + tmp,            // the child's registry lives here
                "-Dot.epg.working-dir=" + zonkyDir);  // but it reuses the extracted PostgreSQL binaries
        ProcessHandle postmaster;
        Path dataDir;
        try {
            String ready = child.readyLine(Duration.ofSeconds(90));
            assertThat(ready).as("child output").startsWith("READY ");
            String[] parts = ready.split(" ");
            postmaster = ProcessHandle.of(Long.parseLong(parts[1])).orElseThrow();
            dataDir = Path.of(parts[2]);
        } finally {
            assertThat(child.kill()).as("child exited").isTrue();   // SIGKILL: no shutdown hook runs
        }
        assertThat(postmaster.isAlive()).as("the killed JVM left its postmaster running").isTrue();
        assertThat(dataDir).as("and its data directory").exists();

        InstanceRegistry registry = new InstanceRegistry(tmp.resolve("chaos-harness").resolve("instances"));
        EmbeddedEnvironment next = new EmbeddedEnvironment(EnvironmentSettings.custom().build(),
                EmbeddedProxyLauncher.INSTANCE, registry);
        try {
            next.start();
            assertThat(Leftovers.isZombie(postmaster) || !postmaster.isAlive())
                    .as("stale postmaster %s stopped by the next start", postmaster.pid()).isTrue();
            assertThat(dataDir.getParent()).as("stale instance directory").doesNotExist();
            assertThat(registry.root().toFile().list()).as("only the new instance remains")
                    .containsExactly(next.instanceId());
        } finally {
            next.close();
            if (postmaster.isAlive()) {
                postmaster.destroyForcibly();
            }
        }
        assertThat(registry.root().toFile().list()).as("nothing after close").isEmpty();
    }

}
