package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Ports;
import io.chaosharness.chaos.FaultInjector;
import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.env.internal.ContainerSweeper;
import io.chaosharness.pool.DatabaseUrl;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The containers provider: PostgreSQL 17 and Toxiproxy, from the official images or the ones named by
 * {@code HARNESS_POSTGRES_IMAGE} / {@code HARNESS_TOXIPROXY_IMAGE} (CI builds local substitutes, see
 * {@code ci/docker-engine.sh}). Needs a Docker engine; skipped cleanly without one, run for real by {@code .ci/run}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersEnvironmentTest {

    @Test
    void startsPostgresBehindToxiproxyPublishedOnLoopbackOnlyAndRestartsIt() throws Exception {
        EnvironmentSettings settings = EnvironmentSettings.fromSystem();
        try (ContainersEnvironment env = Environments.containers(settings)) {
            env.start();
            EnvironmentCapabilities caps = env.capabilities();
            assertThat(caps.provider()).as("provider").isEqualTo("containers");
            assertThat(caps.postgresVersion()).as("version").startsWith("17.");
            assertThat(caps.proxyImplementation()).as("proxy").contains("2.12.0").contains(settings.toxiproxyImage());
            assertThat(DatabaseUrl.parse(env.databaseUrl()).host()).as("proxied host").isNotBlank();
            assertThat(EmbeddedEnvironmentTest.queryString(env.proxiedUrl().dataSource(env.applicationName()),
                    "SELECT current_user")).as("through the proxy").isEqualTo("harness");

            List<Container> own = ownContainers();
            assertThat(own).as("this JVM's labelled containers").hasSize(2);
            assertPublishedOnLoopbackOnly(own);

            try (FaultInjector injector = new FaultInjector(env, EventRecorder.systemUtc());
                    var down = injector.inject(new ProxyDown())) {
                assertThatThrownBy(() -> env.proxiedUrl().dataSource("x").getConnection().close())
                        .as("proxy down").isInstanceOf(SQLException.class);
            }

            env.restartDatabase();
            assertThat(EmbeddedEnvironmentTest.queryString(env.proxiedUrl().dataSource(env.applicationName()),
                    "SELECT 'back'")).as("after restart").isEqualTo("back");
            assertThat(EmbeddedEnvironmentTest.queryString(env.adminDataSource(), "SELECT 'admin back'"))
                    .as("admin connection after restart (the host port may have changed)").isEqualTo("admin back");
            assertPublishedOnLoopbackOnly(ownContainers());
        }
        assertThat(ownContainers()).as("nothing left after close").isEmpty();
    }

    /** Containers labelled as owned by this JVM. */
    static List<Container> ownContainers() {
        return containersOwnedBy(ProcessHandle.current().pid());
    }

    static List<Container> containersOwnedBy(long pid) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerSweeper.OWNER_PID, Long.toString(pid))).exec();
    }

    private static void assertPublishedOnLoopbackOnly(List<Container> containers) {
        DockerClient docker = DockerClientFactory.instance().client();
        for (Container c : containers) {
            InspectContainerResponse info = docker.inspectContainerCmd(c.getId()).exec();
            Map<?, Ports.Binding[]> bindings = info.getNetworkSettings().getPorts().getBindings();
            List<String> hostIps = bindings.values().stream()
                    .filter(b -> b != null)
                    .flatMap(Stream::of)
                    .map(Ports.Binding::getHostIp)
                    .toList();
            assertThat(hostIps).as("host addresses the ports of %s are published on", c.getImage())
                    .isNotEmpty().containsOnly("127.0.0.1");
        }
    }
}
