package io.chaosharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@ChaosTest
class ScheduledFaultsTest {

    @Test
    void eachWindowIsAppliedAtItsOffsetAndRemovedAfterItsDuration(FaultInjector faults, EventRecorder recorder)
            throws Exception {
        FaultSchedule schedule = FaultSchedule.builder()
                .add(Duration.ofMillis(100), Duration.ofMillis(300), new Latency(Duration.ofMillis(50), Duration.ZERO))
                .add(Duration.ofMillis(600), Duration.ofMillis(300), new ProxyDown())
                .build();

        java.time.Instant start = recorder.now();
        try (ScheduledFaults run = faults.schedule(schedule)) {
            assertThat(run.awaitCompletion(Duration.ofSeconds(20))).as("schedule finished").isTrue();
            assertThat(run.failures()).as("failures").isEmpty();
        }

        List<FaultEvent> events = recorder.ofType(FaultEvent.class);
        assertThat(events).as("timeline").extracting(FaultEvent::kind, FaultEvent::phase).containsExactly(
                org.assertj.core.groups.Tuple.tuple("latency", FaultEvent.Phase.APPLIED),
                org.assertj.core.groups.Tuple.tuple("latency", FaultEvent.Phase.REMOVED),
                org.assertj.core.groups.Tuple.tuple("proxy-down", FaultEvent.Phase.APPLIED),
                org.assertj.core.groups.Tuple.tuple("proxy-down", FaultEvent.Phase.REMOVED));
        assertThat(Duration.between(events.get(0).at(), events.get(1).at())).as("latency window")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.between(start, events.get(0).at())).as("first window's offset")
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(start, events.get(2).at())).as("second window's offset")
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(Duration.between(events.get(2).at(), events.get(3).at())).as("proxy-down window")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(faults.active()).as("active after the schedule").isEmpty();
    }

    @Test
    void closingAScheduleRemovesWhatItAppliedAndSkipsTheRest(ChaosEnvironment env, FaultInjector faults,
            EventRecorder recorder) throws Exception {
        FaultSchedule schedule = FaultSchedule.builder()
                .add(Duration.ZERO, Duration.ofHours(1), new ProxyDown())
                .add(Duration.ofHours(2), Duration.ofMinutes(1), new ConnectionCut())
                .build();
        ScheduledFaults run = faults.schedule(schedule);
        org.awaitility.Awaitility.await("proxy-down applied by the schedule").atMost(Duration.ofSeconds(10))
                .until(() -> run.applied().size() == 1);

        run.close();

        assertThat(env.toxiproxyClient().getProxy(ChaosEnvironment.DATABASE_PROXY).isEnabled())
                .as("proxy enabled again").isTrue();
        assertThat(recorder.ofType(FaultEvent.class)).as("timeline").extracting(FaultEvent::phase)
                .containsExactly(FaultEvent.Phase.APPLIED, FaultEvent.Phase.REMOVED);
    }

    @Test
    void aRandomScheduleFromASeedRunsToTheEnd(FaultInjector faults, EventRecorder recorder) throws Exception {
        FaultSchedule schedule = FaultSchedule.random(2026, Duration.ofMillis(1200), 3, Duration.ofMillis(100),
                Duration.ofMillis(300), List.of(new ProxyDown(), new Latency(Duration.ofMillis(20), Duration.ofMillis(5)),
                        new Bandwidth(100)));
        try (ScheduledFaults run = faults.schedule(schedule)) {
            assertThat(run.awaitCompletion(Duration.ofSeconds(20))).as("finished: %s", schedule).isTrue();
        }
        assertThat(recorder.ofType(FaultEvent.class)).as("three windows").hasSize(6);
    }
}
