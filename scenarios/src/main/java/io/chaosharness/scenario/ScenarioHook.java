package io.chaosharness.scenario;

import io.chaosharness.sut.SystemUnderTest;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Scenario-specific work around the workload, outside the system's own events: take a "before" picture through the
 * admin connection, and check the "after" picture. Whatever it finds is returned as {@link Verification}s, which
 * the runner places on the timeline and criteria read.
 */
public interface ScenarioHook {

    /**
     * What a hook may use.
     *
     * @param system          the system under test (started)
     * @param admin           a data source straight to the application database, bypassing the proxy
     * @param applicationName the {@code application_name} of the system's backends
     * @param ledger          the writes the system acknowledged
     * @param state           scratch space shared by {@link #before} and {@link #after}
     */
    record Context(SystemUnderTest system, DataSource admin, String applicationName, String runId, WriteLedger ledger,
                   Map<String, Object> state) {
    }

    /** Before the workload starts (the system is started and warm). */
    default void before(Context context) throws SQLException {
    }

    /** After the workload drained and every fault was removed. */
    default List<Verification> after(Context context) throws SQLException {
        return List.of();
    }
}
