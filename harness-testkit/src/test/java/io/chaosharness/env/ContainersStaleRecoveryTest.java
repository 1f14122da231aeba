package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.chaosharness.env.internal.ContainerSweeper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                ContainersStaleChild.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        long childPid = child.pid();
        try {
            assertThat(readyLine(child)).as("child output").startsWith("READY " + childPid);
        } finally {
            child.destroyForcibly();   // SIGKILL: no close(), no shutdown hook
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
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
        return line.get(120, TimeUnit.SECONDS);
    }
}
