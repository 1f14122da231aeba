package io.chaosharness.env;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.chaosharness.env.internal.ContainerSweeper;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

/**
 * PostgreSQL 17 and the real Toxiproxy ({@link ContainerImages}, or the images named in the settings) in Docker
 * containers on a shared network.
 * <pre>
 *   host ── mapped port ──▶ toxiproxy:8666 ── network alias "postgres" ──▶ postgres:5432
 *   host ── mapped port ─────────────────────────────────────────────────▶ postgres:5432  (admin)
 * </pre>
 * The proxy listens on {@code 0.0.0.0:8666} inside its container (one of the 32 exposed proxy ports); the host
 * reaches it through {@code getMappedPort(8666)}. A database restart stops and starts the PostgreSQL container
 * (its stop signal is SIGINT, PostgreSQL's fast shutdown); the host port may change and is read again.
 * <p>
 * Published ports are bound to 127.0.0.1 only: the superuser port and the proxy API are not reachable from other
 * machines. The containers and the network carry owner labels ({@link ContainerSweeper#ownerLabels()}), and each
 * start first removes those of harness JVMs that died without closing theirs (Ryuk is not relied on).
 */
public final class ContainersEnvironment extends AbstractChaosEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(ContainersEnvironment.class);
    private static final int POSTGRES_PORT = 5432;

    private Network network;
    private PostgreSQLContainer postgres;
    private ToxiproxyContainer toxiproxy;

    ContainersEnvironment(EnvironmentSettings settings) {
        super(settings);
    }

    /** Whether a Docker engine answers; the containers provider needs one. */
    public static boolean isDockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    String providerName() {
        return EnvironmentKind.CONTAINERS.id();
    }

    @Override
    boolean ownsProxyServer() {
        return true;
    }

    @Override
    public synchronized ContainersEnvironment start() {
        if (isRunning()) {
            return this;
        }
        if (!isDockerAvailable()) {
            throw new IllegalStateException(EnvironmentKind.ENV_VARIABLE + "=containers needs a Docker engine, and none "
                    + "answers here; use HARNESS_ENV=embedded");
        }
        try {
            sweepDeadOwners();
            String superPassword = newPassword();
            Map<String, String> owner = ContainerSweeper.ownerLabels();
            network = Network.builder().createNetworkCmdModifier(cmd -> {
                Map<String, String> labels = new HashMap<>(cmd.getLabels() == null ? Map.of() : cmd.getLabels());
                labels.putAll(owner);
                cmd.withLabels(labels);
            }).build();
            postgres = new PostgreSQLContainer(ContainerImages.postgres(settings.postgresImage()))
                    .withNetwork(network)
                    .withNetworkAliases(ContainerImages.POSTGRES_ALIAS)
                    .withUsername("postgres")
                    .withPassword(superPassword)
                    .withDatabaseName("postgres")
                    .withLabels(owner)
                    .withCreateContainerCmdModifier(ContainersEnvironment::publishOnLoopback);
            toxiproxy = new ToxiproxyContainer(ContainerImages.toxiproxy(settings.toxiproxyImage()))
                    .withNetwork(network)
                    .withLabels(owner)
                    .withCreateContainerCmdModifier(ContainersEnvironment::publishOnLoopback);
            postgres.start();
            toxiproxy.start();
            DataSource admin = adminDataSource(postgres.getHost(), postgres.getMappedPort(POSTGRES_PORT), superPassword);
            admin(admin);
            String password = newPassword();
            createApplicationRole(admin, password);
            int proxyPort = ContainerImages.TOXIPROXY_FIRST_PROXY_PORT;
            URI api = URI.create("http://" + toxiproxy.getHost() + ":" + toxiproxy.getControlPort());
            TargetUrl inNetwork = new TargetUrl(APP_ROLE, password, ContainerImages.POSTGRES_ALIAS, POSTGRES_PORT,
                    APP_DATABASE, null);
            connectProxy(api, DATABASE_PROXY, "0.0.0.0:" + proxyPort,
                    ContainerImages.POSTGRES_ALIAS + ":" + POSTGRES_PORT, inNetwork,
                    toxiproxy.getHost(), toxiproxy.getMappedPort(proxyPort));
            running(true);
            capabilities(new EnvironmentCapabilities(providerName(), queryServerVersion(),
                    "Toxiproxy " + proxyApiVersion() + " (" + settings.toxiproxyImage() + ")",
                    true, true, true));
            LOG.info("containers: ready ({}, {})", capabilities().postgresVersion(), maskedDatabaseUrl());
            return this;
        } catch (Exception e) {
            close();
            throw e instanceof RuntimeException re ? re
                    : new IllegalStateException("containers: start failed: " + e.getMessage(), e);
        }
    }

    /** Removes containers and networks of harness JVMs that are gone; never fails the start. */
    private static void sweepDeadOwners() {
        try {
            ContainerSweeper.Swept swept = new ContainerSweeper(DockerClientFactory.instance().client()).sweep();
            if (!swept.isEmpty()) {
                LOG.info("containers: removed {} container(s) and {} network(s) left by killed runs",
                        swept.containers().size(), swept.networks().size());
            }
        } catch (RuntimeException e) {
            LOG.warn("containers: could not sweep containers of dead runs: {}", e.toString());
        }
    }

    /** Publishes every exposed port on 127.0.0.1 only (Docker binds all interfaces unless told otherwise). */
    static void publishOnLoopback(CreateContainerCmd cmd) {
        ExposedPort[] exposed = cmd.getExposedPorts();
        if (exposed == null || exposed.length == 0 || cmd.getHostConfig() == null) {
            return;
        }
        Ports ports = new Ports();
        for (ExposedPort port : exposed) {
            ports.bind(port, Ports.Binding.bindIp("127.0.0.1"));
        }
        cmd.getHostConfig().withPortBindings(ports).withPublishAllPorts(false);
    }

    private DataSource adminDataSource(String host, int port, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        ds.setPassword(password);
        ds.setApplicationName("chaos-harness-admin");
        ds.setConnectTimeout(5);
        ds.setLoginTimeout(10);
        ds.setSocketTimeout(30);
        return ds;
    }

    @Override
    public void stopDatabase() {
        requireRunning();
        DockerClient docker = DockerClientFactory.instance().client();
        docker.stopContainerCmd(postgres.getContainerId()).withTimeout(10).exec();
    }

    @Override
    public void startDatabase() {
        requireRunning();
        DockerClient docker = DockerClientFactory.instance().client();
        String id = postgres.getContainerId();
        InspectContainerResponse state = docker.inspectContainerCmd(id).exec();
        if (!Boolean.TRUE.equals(state.getState().getRunning())) {
            docker.startContainerCmd(id).exec();
        }
        // A restarted container may get another host port: read the binding again.
        InspectContainerResponse info = docker.inspectContainerCmd(id).exec();
        Ports.Binding[] bindings = info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(POSTGRES_PORT));
        int hostPort = Integer.parseInt(bindings[0].getHostPortSpec());
        admin(adminDataSource(postgres.getHost(), hostPort, postgres.getPassword()));
        awaitAdminConnection(settings.startupTimeout());
    }

    private void awaitAdminConnection(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = adminDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("containers: interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new IllegalStateException("containers: PostgreSQL did not accept connections within "
                + max.toMillis() + "ms after start" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    @Override
    public synchronized void close() {
        running(false);
        forgetProxy();
        if (toxiproxy != null) {
            toxiproxy.stop();
            toxiproxy = null;
        }
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
        if (network != null) {
            network.close();
            network = null;
        }
    }
}
