package io.chaosharness.env.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path registryRoot;

    @Test
    void restartKeepsPortAndDataAndCloseLeavesNoProcessOrDirectory() throws Exception {
        InstanceRegistry registry = new InstanceRegistry(registryRoot);
        InstanceRegistry.Instance instance = registry.create("test");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(instance.dataDir(), Duration.ofSeconds(60));
        ProcessHandle firstPostmaster;
        try {
            firstPostmaster = server.postmaster().orElseThrow();
            execute(server, "CREATE TABLE survives (id int); INSERT INTO survives VALUES (42)");
            int port = server.port();

            server.restart();

            assertThat(server.port()).as("port after restart").isEqualTo(port);
            assertThat(server.postmaster()).as("a new postmaster after restart").isPresent()
                    .get().extracting(ProcessHandle::pid).isNotEqualTo(firstPostmaster.pid());
            assertThat(InstanceRegistry.isRunning(firstPostmaster)).as("the old postmaster is gone").isFalse();
            assertThat(queryInt(server, "SELECT id FROM survives")).as("data kept across restart").isEqualTo(42);
        } finally {
            server.close();
            instance.close();
        }
        assertThat(server.postmaster()).as("no postmaster after close").isEmpty();
        assertThat(instance.dir()).as("instance directory deleted").doesNotExist();
    }

    /**
     * A {@code postmaster.pid} left by a server that died names a pid the kernel gives out again: when it is now a
     * backend or the postmaster of another live server, reaping the stale instance must signal neither.
     */
    @Test
    void reapingAStaleInstanceWhosePidWasReusedLeavesAnotherServerAlone(@TempDir Path staleRoot) throws Exception {
        InstanceRegistry registry = new InstanceRegistry(registryRoot);
        InstanceRegistry.Instance instance = registry.create("test");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(instance.dataDir(), Duration.ofSeconds(60));
        try (Connection held = server.superuserDataSource("postgres").getConnection()) {
            long postmaster = server.postmaster().orElseThrow().pid();
            long backend;
            try (Statement s = held.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getLong(1);
            }
            long deadOwner = InstanceRegistryTest.deadPid();
            for (long reused : new long[] {backend, postmaster}) {
                Path data = Files.createDirectories(staleRoot.resolve("embedded-reused" + reused).resolve("data"));
                Files.writeString(data.getParent().resolve("owner"), "pid=" + deadOwner + "\n");
                Files.writeString(data.getParent().resolve("owner.lock"), "");
                Files.writeString(data.resolve("postmaster.pid"), reused + "\n" + data + "\n");
                assertThat(InstanceRegistry.livePostmaster(data)).as("pid %s for a stale data directory", reused)
                        .isEmpty();
            }

            assertThat(new InstanceRegistry(staleRoot).reapStale()).as("reaped").hasSize(2);

            assertThat(server.postmaster()).as("the live server's postmaster").isPresent()
                    .get().extracting(ProcessHandle::pid).isEqualTo(postmaster);
            try (Statement s = held.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the held connection's backend, still serving").isEqualTo(backend);
            }
        } finally {
            server.close();
            instance.close();
        }
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int queryInt(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
