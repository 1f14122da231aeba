package io.chaosharness.scenario;

import static io.chaosharness.scenario.Timelines.at;
import static io.chaosharness.scenario.Timelines.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.result.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void figuresComeFromTheTimelineAfterTheStartOnly() {
        RunTimeline t = new RunTimeline(List.of(
                new OperationEvent(at(-500), "warm-up", 1, 999, Outcome.SUCCESS, null),  // before the start
                new OperationEvent(at(100), "read", 1, 10, Outcome.SUCCESS, null),
                new OperationEvent(at(200), "read", 3, 2030, Outcome.SUCCESS, null),
                new OperationEvent(at(300), "read", 4, 7000, Outcome.FAILURE, "TRANSIENT"),
                new OperationEvent(at(400), "read", 1, 20, Outcome.SUCCESS, null),
                new BreakerTransitionEvent(at(350), "b", "CLOSED", "OPEN")), Timelines.T0, at(1000));

        Summary s = Measurements.summary(t);

        assertThat(s.operations()).isEqualTo(4);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.errorRate()).isEqualTo(0.25);
        assertThat(s.p50Ms()).as("nearest rank").isEqualTo(20.0);
        assertThat(s.maxMs()).isEqualTo(7000.0);
        assertThat(s.avgMs()).isEqualTo((10 + 2030 + 7000 + 20) / 4.0);
        assertThat(s.breakerOpenings()).isEqualTo(1);
    }

    @Test
    void anEmptyRunHasZeroFigures() {
        Summary s = Measurements.summary(timeline().until(1000));

        assertThat(s.operations()).isZero();
        assertThat(s.p99Ms()).isZero();
        assertThat(s.errorRate()).isZero();
    }
}
