package io.chaosharness.env.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which owners the sweeper judges gone; the removal itself runs against a real engine in ContainersStaleRecoveryTest. */
class ContainerSweeperTest {

    private static final String HOST = "build-host";
    private static final String BOOT = "4d6f1b3c-0000-4000-8000-000000000001";

    private static Map<String, String> labels(long pid, String started, String host, String boot) {
        Map<String, String> m = new HashMap<>();
        m.put(ContainerSweeper.OWNER_PID, Long.toString(pid));
        m.put(ContainerSweeper.OWNER_STARTED, started);
        m.put(ContainerSweeper.OWNER_HOST, host);
        m.put(ContainerSweeper.OWNER_BOOT, boot);
        return m;
    }

    private static String selfStarted() {
        return Long.toString(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
    }

    @Test
    void aLiveOwnerIsKept() {
        assertThat(ContainerSweeper.ownerIsGone(labels(ProcessHandle.current().pid(), selfStarted(), HOST, BOOT), HOST, BOOT))
                .as("this JVM").isFalse();
        assertThat(ContainerSweeper.ownerIsGone(ContainerSweeper.ownerLabels())).as("this JVM's own labels").isFalse();
    }

    @Test
    void anOwnerWhoseProcessEndedIsGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor()).as("exit status of true").isZero();
        assertThat(ContainerSweeper.ownerIsGone(labels(p.pid(), "", HOST, BOOT), HOST, BOOT)).as("ended process").isTrue();
    }

    @Test
    void aReusedPidIsGone() {
        long otherStart = Long.parseLong(selfStarted()) - 60_000;
        assertThat(ContainerSweeper.ownerIsGone(labels(ProcessHandle.current().pid(), Long.toString(otherStart), HOST, BOOT),
                HOST, BOOT)).as("live pid, but started a minute earlier than the owner").isTrue();
    }

    @Test
    void anOwnerOfAnotherBootIsGone() {
        assertThat(ContainerSweeper.ownerIsGone(labels(ProcessHandle.current().pid(), selfStarted(), HOST, "other-boot"),
                HOST, BOOT)).as("the machine rebooted since").isTrue();
    }

    @Test
    void whatCannotBeJudgedIsKept() {
        Map<String, String> foreign = labels(Long.MAX_VALUE - 1, "", "other-host", BOOT);
        assertThat(ContainerSweeper.ownerIsGone(foreign, HOST, BOOT)).as("another host sharing the engine").isFalse();
        Map<String, String> badPid = labels(1, "", HOST, BOOT);
        badPid.put(ContainerSweeper.OWNER_PID, "x");
        assertThat(ContainerSweeper.ownerIsGone(badPid, HOST, BOOT)).as("unreadable pid").isFalse();
        assertThat(ContainerSweeper.ownerIsGone(Map.of(), HOST, BOOT)).as("no labels").isFalse();
        assertThat(ContainerSweeper.ownerIsGone(null, HOST, BOOT)).as("null labels").isFalse();
    }
}
