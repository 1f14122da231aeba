package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.env.internal.InstanceRegistry;
import io.chaosharness.testing.Leftovers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed with SIGKILL leaves its PostgreSQL running; the next start finds it, stops it and deletes its files. */
class StaleInstanceRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    void theNextStartStopsThePostmasterOfAKilledJvmAndDeletesItsDirectory() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String zonkyDir = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString();
        Process child = new ProcessBuilder(javaBin,
                "-Djava.io.tmpdir=" + tmp,            // the child's registry lives here
                "-Dot.epg.working-dir=" + zonkyDir,   // but it reuses the extracted PostgreSQL binaries
                "-cp", System.getProperty("java.class.path"),
                StaleInstanceChild.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        ProcessHandle postmaster;
        Path dataDir;
        try {
            String ready = readyLine(child);
            assertThat(ready).as("child output").startsWith("READY ");
            String[] parts = ready.split(" ");
            postmaster = ProcessHandle.of(Long.parseLong(parts[1])).orElseThrow();
            dataDir = Path.of(parts[2]);
        } finally {
            child.destroyForcibly();   // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
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

    private static String readyLine(Process child) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.startsWith("READY ")) {
                        return l;
                    }
                    seen.append(l).append('\n');
                }
                return "child ended without READY:\n" + seen;
            } catch (Exception e) {
                return "could not read the child: " + e;
            }
        });
        return line.get(90, TimeUnit.SECONDS);
    }

}
