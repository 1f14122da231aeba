package io.chaosharness.env.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceRegistryTest {

    @TempDir
    Path root;

    @Test
    void liveInstancesAreNeverReapedAndClosedOnesLeaveNothing() throws Exception {
        InstanceRegistry registry = new InstanceRegistry(root);
        InstanceRegistry.Instance mine = registry.create("test");
        assertThat(Files.readString(mine.dir().resolve("owner"))).as("owner file")
                .contains("pid=" + ProcessHandle.current().pid());

        assertThat(registry.reapStale()).as("reaped while its JVM lives").isEmpty();
        assertThat(mine.dir()).as("instance directory").exists();

        mine.close();
        assertThat(root.toFile().list()).as("after close").isEmpty();
    }

    /**
     * The locks are the process's: had this JVM's reaper opened and closed its own instance's lock file, the lock
     * would be gone and another JVM's reaper would stop a live instance's server and delete its data.
     */
    @Test
    void anotherJvmDoesNotReapAnInstanceThisJvmHasInspected() throws Exception {
        InstanceRegistry registry = new InstanceRegistry(root);
        InstanceRegistry.Instance mine = registry.create("test");
        try {
            assertThat(registry.reapStale()).as("this JVM's own reaper").isEmpty();
            assertThat(registry.reapStale()).as("this JVM's own reaper, again").isEmpty();

            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ReapFromAnotherJvm.class.getName(), root.toString())
                    .redirectErrorStream(true).start();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("the other JVM ended").isTrue();
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(other.exitValue()).as("the other JVM's exit code; it said: %s", said).isZero();
            assertThat(said).as("what the other JVM reaped").contains("reaped []");
            assertThat(mine.dir().resolve("owner")).as("the live instance's owner file").exists();
        } finally {
            mine.close();
        }
    }

    /** Run in a JVM of its own by the test above: reaps the registry named by its argument and says what it reaped. */
    static final class ReapFromAnotherJvm {
        public static void main(String[] args) {
            List<String> reaped = new InstanceRegistry(Path.of(args[0])).reapStale();
            System.out.println("reaped " + reaped);
        }
    }

    @Test
    void abandonedInstancesOfDeadOwnersAreReaped() throws Exception {
        long deadPid = deadPid();
        Path stale = Files.createDirectories(root.resolve("embedded-dead0001").resolve("data"));
        Files.writeString(stale.getParent().resolve("owner"), "pid=" + deadPid + "\n");
        Files.writeString(stale.getParent().resolve("owner.lock"), "");
        Path staging = Files.createDirectories(root.resolve(".embedded-dead0002"));
        Files.writeString(staging.resolve("owner"), "pid=" + deadPid + "\n");

        InstanceRegistry registry = new InstanceRegistry(root);

        assertThat(registry.reapStale()).as("reaped").containsExactlyInAnyOrder("embedded-dead0001", ".embedded-dead0002");
        assertThat(root.toFile().list()).as("left").isEmpty();
    }

    /** The pid of a process that has exited. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
