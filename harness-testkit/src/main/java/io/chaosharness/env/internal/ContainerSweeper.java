package io.chaosharness.env.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the containers and networks of harness runs whose JVM is gone (killed, so its own {@code close()} never
 * ran, and Ryuk, which would otherwise remove them, cannot run where its image cannot be pulled). The containers
 * provider labels everything it creates with its owner ({@link #ownerLabels()}): the JVM's pid and start time, the
 * host name and the kernel's boot id. {@link #sweep()} removes only what carries those labels and whose owner is
 * provably gone: same host, and another boot, or no live process with that pid and start time. Containers of a live
 * JVM (this one included) and of other hosts sharing the engine are left alone, as {@link InstanceRegistry} does for
 * embedded instances.
 */
public final class ContainerSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSweeper.class);

    /** Label keys; {@link #OWNER_PID} marks a container or network as the harness's own. */
    public static final String OWNER_PID = "io.chaosharness.owner.pid";
    public static final String OWNER_STARTED = "io.chaosharness.owner.started";
    public static final String OWNER_HOST = "io.chaosharness.owner.host";
    public static final String OWNER_BOOT = "io.chaosharness.owner.boot";

    private static final long START_TOLERANCE_MS = 1000;

    private final DockerClient docker;

    public ContainerSweeper(DockerClient docker) {
        this.docker = docker;
    }

    /** The labels naming this JVM as the owner. */
    public static Map<String, String> ownerLabels() {
        ProcessHandle self = ProcessHandle.current();
        return Map.of(
                OWNER_PID, Long.toString(self.pid()),
                OWNER_STARTED, self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse(""),
                OWNER_HOST, hostName(),
                OWNER_BOOT, bootId());
    }

    /** What one sweep removed. */
    public record Swept(List<String> containers, List<String> networks) {
        public boolean isEmpty() {
            return containers.isEmpty() && networks.isEmpty();
        }
    }

    /** Removes the labelled containers (running or not, with their anonymous volumes), then networks, of dead owners. */
    public Swept sweep() {
        List<String> containers = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OWNER_PID)).exec()) {
            if (!ownerIsGone(c.getLabels())) {
                continue;
            }
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                containers.add(c.getId());
                LOG.info("containers: removed container {} ({}) of dead owner pid {}", shortId(c.getId()), c.getImage(),
                        c.getLabels().get(OWNER_PID));
            } catch (NotFoundException gone) {
                // removed meanwhile (by its owner's other sweeper, or by hand)
            }
        }
        List<String> networks = new ArrayList<>();
        for (Network n : docker.listNetworksCmd().withFilter("label", List.of(OWNER_PID)).exec()) {
            if (!ownerIsGone(n.getLabels())) {
                continue;
            }
            try {
                docker.removeNetworkCmd(n.getId()).exec();
                networks.add(n.getId());
                LOG.info("containers: removed network {} of dead owner pid {}", n.getName(), n.getLabels().get(OWNER_PID));
            } catch (NotFoundException gone) {
                // removed meanwhile
            } catch (RuntimeException inUse) {
                LOG.warn("containers: could not remove network {} of dead owner pid {}: {}", n.getName(),
                        n.getLabels().get(OWNER_PID), inUse.getMessage());
            }
        }
        return new Swept(List.copyOf(containers), List.copyOf(networks));
    }

    /**
     * Whether the owner named by {@code labels} is provably gone. Unknown or foreign owners (no pid, another host)
     * count as alive: the sweeper never removes what it cannot judge.
     */
    static boolean ownerIsGone(Map<String, String> labels) {
        return ownerIsGone(labels, hostName(), bootId());
    }

    static boolean ownerIsGone(Map<String, String> labels, String host, String boot) {
        if (labels == null || !host.equals(labels.get(OWNER_HOST))) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(labels.getOrDefault(OWNER_PID, ""));
        } catch (NumberFormatException e) {
            return false;
        }
        String ownerBoot = labels.getOrDefault(OWNER_BOOT, "");
        if (!boot.isEmpty() && !ownerBoot.isEmpty() && !boot.equals(ownerBoot)) {
            return true; // the machine rebooted since: no process of that boot lives
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(InstanceRegistry::isRunning);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        String ownerStarted = labels.getOrDefault(OWNER_STARTED, "");
        if (started.isEmpty() || ownerStarted.isEmpty()) {
            return false;
        }
        try {
            // the pid was reused by a later process
            return Math.abs(started.get().toEpochMilli() - Long.parseLong(ownerStarted)) > START_TOLERANCE_MS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String hostName() {
        return readFirstLine(Path.of("/proc/sys/kernel/hostname"))
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
                .orElse("unknown-host");
    }

    static String bootId() {
        return readFirstLine(Path.of("/proc/sys/kernel/random/boot_id")).orElse("");
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
