package io.chaosharness.scenario;

import static io.chaosharness.scenario.Timelines.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.result.Recovery;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    @Test
    void measuresFromTheFaultsRemovalToTheFirstSuccess() {
        RunTimeline t = timeline().fault("f1", 1000, 3000L)
                .op(2500, 10, false)            // during the fault: failed
                .op(3100, 2500, false)          // after removal, still failing
                .op(3400, 20, true)             // first success: 400 ms after removal
                .steady(3500, 40, 25, 2.0)
                .until(6000);

        List<Recovery> r = Measurements.recovery(t);

        assertThat(r).as("one entry per fault window").hasSize(1);
        assertThat(r.get(0).faultId()).isEqualTo("f1");
        assertThat(r.get(0).toFirstSuccessMs()).as("removal 3000 -> success 3400").isEqualTo(400L);
    }

    @Test
    void p99IsBackWhenAFullWindowAfterRemovalIsFastAndFailureFree() {
        // a slow straggler ends at 3200; fast operations every 50 ms from 3250. The window (t - 1 s, t] must hold at
        // least ten operations and not the straggler: the first such t is 4200.
        RunTimeline t = timeline().fault("f1", 1000, 3000L)
                .op(3200, 2200, true)
                .steady(3250, 60, 50, 3.0)
                .until(7000);

        Recovery r = Measurements.recovery(t).get(0);

        assertThat(r.toFirstSuccessMs()).isEqualTo(200L);
        assertThat(r.toP99Under100msMs()).as("window free of the 2200 ms straggler").isEqualTo(1200L);
    }

    @Test
    void failuresCountAsInfinitelySlowInTheP99Window() {
        RunTimeline t = timeline().fault("f1", 0, 1000L)
                .steady(1050, 20, 50, 1.0)
                .op(1300, 5, false)             // a failure before the first window holds ten operations
                .steady(2100, 30, 50, 1.0)
                .until(5000);

        Recovery r = Measurements.recovery(t).get(0);

        assertThat(r.toFirstSuccessMs()).isEqualTo(50L);
        assertThat(r.toP99Under100msMs()).as("first window (t - 1 s, t] without the failure at 1300 ends at 2300")
                .isEqualTo(1300L);
    }

    @Test
    void isNullWhenNotReachedOrTheFaultWasNeverRemoved() {
        RunTimeline neverRemoved = timeline().fault("f1", 0, null).steady(100, 50, 10, 1.0).until(2000);
        RunTimeline neverRecovered = timeline().fault("f2", 0, 500L).op(600, 3000, false).op(700, 200, true)
                .until(2000);

        assertThat(Measurements.recovery(neverRemoved)).containsExactly(new Recovery("f1", null, null));
        Recovery r = Measurements.recovery(neverRecovered).get(0);
        assertThat(r.toFirstSuccessMs()).isEqualTo(200L);
        assertThat(r.toP99Under100msMs()).as("too few operations after removal, and slow").isNull();
    }

    @Test
    void measuresEveryWindowSeparately() {
        RunTimeline t = timeline().fault("f1", 0, 1000L).fault("f2", 4000, 5000L)
                .steady(1100, 100, 50, 1.0)
                .until(7000);

        assertThat(Measurements.recovery(t)).extracting(Recovery::faultId, Recovery::toFirstSuccessMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f1", 100L),
                        org.assertj.core.groups.Tuple.tuple("f2", 0L));
    }
}
