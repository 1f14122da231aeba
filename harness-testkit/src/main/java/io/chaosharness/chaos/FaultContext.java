package io.chaosharness.chaos;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.internal.BoundedCalls;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What a {@link Fault} may use while it is applied or removed: the environment, the database proxy and the admin
 * connection, with every control call bounded by the environment's control timeout. Created by {@link FaultInjector}.
 */
public final class FaultContext {

    private final ChaosEnvironment environment;
    private final String faultId;

    FaultContext(ChaosEnvironment environment, String faultId) {
        this.environment = environment;
        this.faultId = faultId;
    }

    public ChaosEnvironment environment() {
        return environment;
    }

    /** The database proxy. */
    public Proxy proxy() {
        return environment.databaseProxy();
    }

    /** A toxic name unique to this fault: {@code chaos-<faultId>-<suffix>}. */
    public String toxicName(String suffix) {
        return "chaos-" + faultId + "-" + suffix;
    }

    /** Runs one control call within the environment's control timeout. */
    public <T> T control(String what, BoundedCalls.IoCall<T> call) throws IOException {
        return BoundedCalls.call(what, environment.controlTimeout(), call);
    }

    /** Runs one control call with no result within the environment's control timeout. */
    public void controlRun(String what, BoundedCalls.IoRun run) throws IOException {
        BoundedCalls.run(what, environment.controlTimeout(), run);
    }

    /** A removal that deletes {@code toxic}; a toxic already gone (404) counts as removed. */
    public Fault.Removal removeToxic(Toxic toxic) {
        return () -> {
            try {
                controlRun("DELETE toxic " + toxic.getName(), toxic::remove);
            } catch (FileNotFoundException alreadyGone) {
                // removed by a proxy reset or by hand: nothing left to do
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("404")) {
                    throw e;
                }
            }
        };
    }

    /**
     * Removal for a freshly added toxic, after setting its {@code toxicity} (the share of connections, drawn per
     * connection and stream, that it affects) when below 1. Shared by every toxic-based fault; if setting the
     * toxicity fails the toxic is removed again, so a fault is either applied as described or not at all.
     */
    public Fault.Removal withToxicity(Toxic toxic, float toxicity) throws Exception {
        Fault.Removal removal = removeToxic(toxic);
        if (toxicity < 1f) {
            try {
                controlRun("set toxicity", () -> toxic.setToxicity(toxicity));
            } catch (Exception e) {
                removal.remove();
                throw e;
            }
        }
        return removal;
    }

    /** Lower-case direction name for descriptions. */
    static String stream(ToxicDirection direction) {
        return direction.name().toLowerCase(Locale.ROOT);
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
