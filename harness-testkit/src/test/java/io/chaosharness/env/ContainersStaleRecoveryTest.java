package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.chaosharness.env.internal.ContainerSweeper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A JVM killed with SIGKILL leaves its PostgreSQL and Toxiproxy containers and their network running (no close(),
 * no Ryuk); the next containers start removes them, and only them. Needs a Docker engine; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersStaleRecoveryTest {

    @Test
    void theNextStartRemovesTheContainersAndNetworkOfAKilledJvm() throws Exception {
        ChildJvm child = ChildJvm.start(ContainersStaleChild.class);
        long childPid = child.pid();
        try {
            assertThat(child.readyLine(Duration.ofSeconds(120))).as("child output").startsWith("READY " + childPid);
        } finally {
            assertThat(child.kill()).as("child exited").isTrue();   // SIGKILL: no close(), no shutdown hook
        }
        List<String> left = ContainersEnvironmentTest.containersOwnedBy(childPid).stream().map(Container::getId).toList();
        assertThat(left).as("the killed JVM left its PostgreSQL and Toxiproxy containers").hasSize(2);
        assertThat(networksOwnedBy(childPid)).as("and its network").hasSize(1);

        try (ContainersEnvironment next = Environments.containers(EnvironmentSettings.fromSystem())) {
            next.start();
            assertThat(ContainersEnvironmentTest.containersOwnedBy(childPid)).as("containers of the killed JVM").isEmpty();
            assertThat(networksOwnedBy(childPid)).as("network of the killed JVM").isEmpty();
            assertThat(ContainersEnvironmentTest.ownContainers()).as("the live owner's containers are kept").hasSize(2);
            assertThat(EmbeddedEnvironmentTest.queryString(next.adminDataSource(), "SELECT 'alive'"))
                    .as("the new environment works").isEqualTo("alive");
        }
    }

    private static List<String> networksOwnedBy(long pid) {
        return DockerClientFactory.instance().client().listNetworksCmd()
                .withFilter("label", List.of(ContainerSweeper.OWNER_PID + "=" + pid)).exec().stream()
                .map(com.github.dockerjava.api.model.Network::getId).toList();
    }
}
