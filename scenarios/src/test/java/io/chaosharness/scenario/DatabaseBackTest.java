package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the database accepts connections again after a fault: its removal, or that of a fault still in force then. */
class DatabaseBackTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ObservedFault fault(String id, long appliedMs, Long removedMs) {
        return new ObservedFault(id, "k", "d", T0.plusMillis(appliedMs), removedMs == null ? null : T0.plusMillis(removedMs));
    }

    @Test
    void aLoneFaultIsBackAtItsRemoval() {
        ObservedFault f = fault("f1", 1000, 3000L);
        assertThat(Measurements.databaseBack(f, List.of(f))).isEqualTo(T0.plusMillis(3000));
    }

    @Test
    void aTerminationInsideAConnectionLimitIsBackWhenTheLimitIsRestored() {
        ObservedFault limit = fault("f1", 2000, 14000L);
        ObservedFault terminate = fault("f2", 2100, 2100L);
        List<ObservedFault> all = List.of(limit, terminate);
        assertThat(Measurements.databaseBack(terminate, all)).isEqualTo(T0.plusMillis(14000));
        assertThat(Measurements.databaseBack(limit, all)).isEqualTo(T0.plusMillis(14000));
    }

    @Test
    void aChainOfOverlapsEndsAtTheLastRemovalAndANeverRemovedFaultIsNeverBack() {
        ObservedFault a = fault("a", 0, 1000L);
        ObservedFault b = fault("b", 500, 2000L);
        ObservedFault c = fault("c", 1500, 3000L);
        assertThat(Measurements.databaseBack(a, List.of(a, b, c))).isEqualTo(T0.plusMillis(3000));
        ObservedFault open = fault("o", 500, null);
        assertThat(Measurements.databaseBack(a, List.of(a, open))).isNull();
    }
}
