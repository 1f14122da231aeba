package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EmbeddedEnvironment;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.env.ForwardingEnvironment;
import io.chaosharness.env.Environments;
import io.chaosharness.env.OwnedSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * After a database restart the admin address may change (a containers database gets a new host port). The run's
 * admin connections and its schema must follow the environment, not keep the address they saw at the start. Proven
 * without Docker: a real embedded PostgreSQL whose admin connections go through a front proxy that moves to another
 * port on every restart, the old port refusing connections.
 */
class RunSchemaFollowsRestartTest {

    @Test
    void adminConnectionsAndTheRunSchemaFollowTheDatabaseToItsNewPort() throws Exception {
        try (EmbeddedEnvironment embedded = Environments.embedded(EnvironmentSettings.custom().build())) {
            embedded.start();
            MovingAdminEnvironment env = new MovingAdminEnvironment(embedded);
            OwnedSchema schema = OwnedSchema.create(env::adminDataSource, env.proxiedUrl().database(),
                    env.proxiedUrl().user());
            RunEnvironment run = new RunEnvironment(env);
            int before = port(run.adminDataSource());
            assertThat(queryString(schema.admin(), "SELECT current_schema()")).as("in the run's schema")
                    .isEqualTo(schema.name());

            run.restartDatabase();

            int after = port(run.adminDataSource());
            assertThat(after).as("the admin port moved with the restart").isNotEqualTo(before);
            PGSimpleDataSource old = copyAt((PGSimpleDataSource) embedded.adminDataSource(), before);
            assertThatThrownBy(() -> old.getConnection().close()).as("the old address refuses")
                    .isInstanceOf(SQLException.class);
            assertThat(queryString(schema.admin(), "SELECT current_schema()"))
                    .as("the run schema's admin connection after the restart").isEqualTo(schema.name());
            assertThat(queryString(run.adminDataSource(), "SELECT 'reachable'"))
                    .as("the run's admin connection after the restart").isEqualTo("reachable");

            schema.close();
            assertThat(queryString(applicationDatabase(env), "SELECT count(*)::text FROM pg_namespace WHERE nspname = '"
                    + schema.name() + "'")).as("the run schema was dropped after the restart").isEqualTo("0");
            env.closeFront();
        }
    }

    private static int port(DataSource ds) {
        return ((PGSimpleDataSource) ds).getPortNumbers()[0];
    }

    private static DataSource applicationDatabase(ChaosEnvironment env) {
        PGSimpleDataSource admin = copyAt((PGSimpleDataSource) env.adminDataSource(),
                port(env.adminDataSource()));
        admin.setDatabaseName(env.proxiedUrl().database());
        return admin;
    }

    private static PGSimpleDataSource copyAt(PGSimpleDataSource pg, int port) {
        PGSimpleDataSource copy = new PGSimpleDataSource();
        try {
            copy.initializeFrom(pg);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        copy.setPortNumbers(new int[] {port});
        copy.setConnectTimeout(2);
        return copy;
    }

    private static String queryString(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * A real embedded environment whose admin address changes on every restart, as a container's host port does: its
     * admin data source points at a front proxy (on the environment's own proxy server), replaced by one on a new
     * port after each restart.
     */
    private static final class MovingAdminEnvironment extends ForwardingEnvironment {
        private final EmbeddedEnvironment delegate;
        private final PGSimpleDataSource direct;
        private int generation;
        private Proxy front;

        MovingAdminEnvironment(EmbeddedEnvironment delegate) {
            super(delegate);
            this.delegate = delegate;
            this.direct = (PGSimpleDataSource) delegate.adminDataSource();
            moveFront();
        }

        private void moveFront() {
            ToxiproxyClient client = delegate.toxiproxyClient();
            try {
                Proxy previous = front;
                front = client.createProxy("admin-front-" + (++generation), "127.0.0.1:0",
                        "127.0.0.1:" + direct.getPortNumbers()[0]);
                if (previous != null) {
                    previous.delete();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void closeFront() throws IOException {
            front.delete();
        }

        @Override
        public DataSource adminDataSource() {
            String listen = front.getListen();
            return copyAt(direct, Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
        }

        @Override
        public void restartDatabase() {
            delegate.restartDatabase();
            moveFront();
        }

        @Override
        public void startDatabase() {
            delegate.startDatabase();
            moveFront();
        }

        /** Nothing: the test closes the embedded environment itself. */
        @Override
        public void close() {
        }
    }
}
