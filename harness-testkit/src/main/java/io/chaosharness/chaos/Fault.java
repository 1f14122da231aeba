package io.chaosharness.chaos;

import java.util.List;

/**
 * One kind of fault. Each is a small record that validates its parameters (naming the field it rejects) and knows
 * how to apply itself through a {@link FaultContext}: adding a fault means one record, one test and one
 * {@code permits} entry. Inject faults with a {@link FaultInjector}, which records every application and removal on
 * the timeline.
 *
 * <p>Proxy-level faults act on the Toxiproxy proxy in front of the database; database-level faults act on the
 * database itself and need the environment's capability ({@code canRestartDatabase}, {@code canTerminateBackends},
 * {@code canLimitConnections}).
 */
public sealed interface Fault
        permits Latency, Bandwidth, SlowClose, Timeout, ResetPeer, Slicer, LimitData, ConnectionCut, ProxyDown,
        DatabaseRestart, TerminateBackends, ConnectionLimit {

    /** Short stable name for timelines and reports, e.g. {@code latency}, {@code proxy-down}. */
    String kind();

    /** Human-readable parameters, e.g. {@code latency 200ms ±50ms downstream}. */
    String describe();

    /** Whether it acts on the database rather than on the proxy. */
    default boolean isDatabaseLevel() {
        return false;
    }

    /**
     * Applies the fault. Called by {@link FaultInjector}; every control call goes through {@code context} so it is
     * bounded in time.
     *
     * @return what was done and how to undo it
     */
    Applied apply(FaultContext context) throws Exception;

    /**
     * The toxics this fault adds to the database proxy, in the harness's own terms ({@link ToxiproxyDriver} translates
     * them); empty for faults that act otherwise (disabling the proxy, acting on the database).
     */
    default List<ToxicSpec> toxics() {
        return List.of();
    }

    /** The result of {@link #apply}: a description of what happened and the action that removes the fault. */
    record Applied(String description, Removal removal) {
    }

    /** Removes an applied fault; must tolerate the fault being gone already (e.g. after a proxy reset). */
    @FunctionalInterface
    interface Removal {
        void remove() throws Exception;
    }
}
