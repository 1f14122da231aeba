package io.chaosharness.chaos;

import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.internal.BoundedCalls;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * What a {@link Fault} may use while it is applied or removed: the environment, the database proxy (through the
 * {@link ToxiproxyDriver}) and the admin connection, with every control call bounded by the environment's control
 * timeout. Created by {@link FaultInjector}.
 */
public final class FaultContext {

    private final ChaosEnvironment environment;
    private final ToxiproxyDriver toxiproxy;
    private final String faultId;

    FaultContext(ChaosEnvironment environment, String faultId) {
        this.environment = environment;
        this.toxiproxy = ToxiproxyDriver.of(environment);
        this.faultId = faultId;
    }

    public ChaosEnvironment environment() {
        return environment;
    }

    /** The database proxy's driver. */
    public ToxiproxyDriver toxiproxy() {
        return toxiproxy;
    }

    /**
     * Adds {@code toxics} to the database proxy, each named {@code chaos-<faultId>-<suffix>} so it is unique to this
     * fault: all or none. Returns their removal.
     */
    public Fault.Removal addToxics(List<ToxicSpec> toxics) throws IOException {
        return toxiproxy.add(ChaosEnvironment.TOXIC_PREFIX + faultId, toxics);
    }

    /** Runs one control call within the environment's control timeout. */
    public <T> T control(String what, BoundedCalls.IoCall<T> call) throws IOException {
        return BoundedCalls.call(what, environment.controlTimeout(), call);
    }

    /** Runs one control call with no result within the environment's control timeout. */
    public void controlRun(String what, BoundedCalls.IoRun run) throws IOException {
        BoundedCalls.run(what, environment.controlTimeout(), run);
    }

    /** Lower-case direction name for descriptions. */
    static String stream(Direction direction) {
        return direction.wireName();
    }

    /** Fails with the environment's provider when {@code capable} is false. */
    public void require(boolean capable, String capability, Fault fault) {
        if (!capable) {
            throw new UnsupportedOperationException(fault.kind() + " needs " + capability + ", which the "
                    + environment.capabilities().provider() + " environment does not allow");
        }
    }

    /** Runs an update over the admin connection (bypassing the proxy), with the given parameters. */
    public int adminUpdate(String sql, Object... params) throws SQLException {
        try (Connection c = environment.adminDataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout((int) Math.max(1, environment.controlTimeout().toSeconds()));
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            if (ps.execute()) {
                int rows = 0;
                try (var rs = ps.getResultSet()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                return rows;
            }
            return ps.getUpdateCount();
        }
    }

    /** Runs a query returning one integer over the admin connection. */
    public int adminQueryInt(String sql, Object... params) throws SQLException {
        try (Connection c = environment.adminDataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout((int) Math.max(1, environment.controlTimeout().toSeconds()));
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no row from: " + sql);
                }
                return rs.getInt(1);
            }
        }
    }
}
