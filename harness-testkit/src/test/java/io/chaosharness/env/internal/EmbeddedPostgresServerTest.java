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
