package io.chaosharness.env.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
