package io.chaosharness.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** End-of-run checks that look at the server through the admin connection. */
public final class Hooks {

    /** The verification {@link #backendsKept()} produces. */
    public static final String BACKENDS_KEPT = "backends-kept";

    private Hooks() {
    }

    /**
     * The pool's server backends (by {@code application_name}) before and after the workload are the same processes:
     * no connection was evicted and replaced.
     */
    public static ScenarioHook backendsKept() {
        return new ScenarioHook() {
            @Override
            public void before(Context context) throws SQLException {
                context.state().put(BACKENDS_KEPT, backends(context));
            }

            @Override
            public List<Verification> after(Context context) throws SQLException {
                @SuppressWarnings("unchecked")
                Set<Integer> before = (Set<Integer>) context.state().get(BACKENDS_KEPT);
                Set<Integer> after = backends(context);
                Set<Integer> gone = new HashSet<>(before);
                gone.removeAll(after);
                return List.of(new Verification(BACKENDS_KEPT, gone.isEmpty() && !before.isEmpty(),
                        before.size() + " backends before, " + after.size() + " after, " + gone.size()
                                + " replaced", gone.size()));
            }
        };
    }

    /**
     * write-safety's ledger check: every write the system acknowledged ({@link WriteLedger}) is stored exactly once in
     * {@value Operations#WRITES}, read through the admin connection after every fault was removed; produces
     * {@link Verifications#WRITES_PRESENT}. Writes stored without an acknowledgement (the client never heard the
     * outcome) are reported, not counted against it. A run whose ledger is empty produces no verification.
     */
    public static ScenarioHook writesStoredExactlyOnce() {
        return new ScenarioHook() {
            @Override
            public List<Verification> after(Context context) throws SQLException {
                List<String> keys = context.ledger().keys();
                if (keys.isEmpty()) {
                    return List.of();
                }
                Set<String> acknowledged = new HashSet<>(keys);
                Map<String, Integer> stored = new HashMap<>();
                try (Connection c = context.admin().getConnection();
                     PreparedStatement p = c.prepareStatement("SELECT key, count(*) FROM " + Operations.WRITES
                             + " WHERE run = ? GROUP BY key")) {
                    p.setQueryTimeout(60);
                    p.setString(1, context.runId());
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            stored.put(rs.getString(1), rs.getInt(2));
                        }
                    }
                }
                long missing = acknowledged.stream().filter(k -> !stored.containsKey(k)).count();
                long duplicated = stored.values().stream().filter(n -> n > 1).count();
                long unacknowledged = stored.keySet().stream().filter(k -> !acknowledged.contains(k)).count();
                return List.of(new Verification(Verifications.WRITES_PRESENT, missing == 0 && duplicated == 0,
                        acknowledged.size() + " acknowledged, " + stored.size() + " stored, " + missing + " lost, "
                                + duplicated + " duplicated, " + unacknowledged
                                + " stored without acknowledgement (outcome unknown to the client)",
                        missing + duplicated));
            }
        };
    }

    static Set<Integer> backends(ScenarioHook.Context context) throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Connection c = context.admin().getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ? AND backend_type = 'client backend'")) {
            p.setQueryTimeout(10);
            p.setString(1, context.applicationName());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
        }
        return pids;
    }
}
