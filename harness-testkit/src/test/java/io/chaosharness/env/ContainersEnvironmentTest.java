package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.chaos.FaultInjector;
import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.pool.DatabaseUrl;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The containers provider: PostgreSQL 17 and the real Toxiproxy image. Needs a Docker engine; skipped cleanly
 * without one (as on this project's machines and CI), exercised where Docker exists.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersEnvironmentTest {

    @Test
    void startsPostgresBehindTheRealToxiproxyAndRestartsIt() throws Exception {
        try (ContainersEnvironment env = Environments.containers(EnvironmentSettings.custom().build())) {
            env.start();
            EnvironmentCapabilities caps = env.capabilities();
            assertThat(caps.provider()).as("provider").isEqualTo("containers");
            assertThat(caps.postgresVersion()).as("version").startsWith("17.");
            assertThat(caps.proxyImplementation()).as("proxy").contains("2.12.0").contains(ContainerImages.TOXIPROXY);
            assertThat(DatabaseUrl.parse(env.databaseUrl()).host()).as("proxied host").isNotBlank();
            assertThat(EmbeddedEnvironmentTest.queryString(env.proxiedUrl().dataSource(env.applicationName()),
                    "SELECT current_user")).as("through the proxy").isEqualTo("harness");

            try (FaultInjector injector = new FaultInjector(env, EventRecorder.systemUtc());
                    var down = injector.inject(new ProxyDown())) {
                assertThatThrownBy(() -> env.proxiedUrl().dataSource("x").getConnection().close())
                        .as("proxy down").isInstanceOf(SQLException.class);
            }

            env.restartDatabase();
            assertThat(EmbeddedEnvironmentTest.queryString(env.proxiedUrl().dataSource(env.applicationName()),
                    "SELECT 'back'")).as("after restart").isEqualTo("back");
        }
    }
}
