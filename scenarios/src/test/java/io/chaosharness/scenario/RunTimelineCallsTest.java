package io.chaosharness.scenario;

import static io.chaosharness.scenario.Timelines.at;
import static io.chaosharness.scenario.Timelines.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.result.Verdict;
import org.junit.jupiter.api.Test;

/** Which operations and fallbacks criteria read: the system's own where it records them, else the runner's calls. */
class RunTimelineCallsTest {

    private static CallEvent call(long endMs, boolean ok, boolean fallback) {
        return new CallEvent(at(endMs), "read", 5.0, ok ? Outcome.SUCCESS : Outcome.FAILURE, ok ? null : "08006",
                fallback);
    }

    @Test
    void aSystemThatRecordsNothingIsJudgedFromTheCallsAsOperationsOfOneAttempt() {
        RunTimeline t = timeline().event(call(100, true, false)).event(call(200, false, false))
                .event(call(300, true, true)).until(1000);

        assertThat(t.systemRecordsOperations()).as("system records operations").isFalse();
        assertThat(t.operations()).as("operations derived from calls")
                .containsExactly(new OperationEvent(at(100), "read", 1, 5.0, Outcome.SUCCESS, null),
                        new OperationEvent(at(200), "read", 1, 5.0, Outcome.FAILURE, "08006"),
                        new OperationEvent(at(300), "read", 1, 5.0, Outcome.SUCCESS, null));
        assertThat(t.fallbacks()).as("fallbacks derived from calls").extracting(FallbackEvent::at)
                .containsExactly(at(300));
        assertThat(Criteria.noFailedOperations().evaluate(t).verdict()).as("failed operations criterion")
                .isEqualTo(Verdict.FAIL);
        assertThat(Criteria.noFallbacks().evaluate(t).verdict()).as("fallbacks criterion").isEqualTo(Verdict.FAIL);
    }

    @Test
    void aSystemThatRecordsItsOwnOperationsIsJudgedFromThemNotFromTheCalls() {
        RunTimeline t = timeline().op("read", 100, 4.0, true, 2, null).event(call(101, false, true))
                .event(new FallbackEvent(at(150), "a***@example.com", false, "database unavailable")).until(1000);

        assertThat(t.systemRecordsOperations()).as("system records operations").isTrue();
        assertThat(t.operations()).as("the system's own operations")
                .containsExactly(new OperationEvent(at(100), "read", 2, 4.0, Outcome.SUCCESS, null));
        assertThat(t.fallbacks()).as("the system's own fallbacks").extracting(FallbackEvent::reason)
                .containsExactly("database unavailable");
        assertThat(t.calls()).as("the runner's calls stay on the timeline").hasSize(1);
    }

    @Test
    void operationsBeforeTheStartStillTellThatTheSystemRecordsItsOwn() {
        // warm-up operations happen before the start: a reference-design run whose measured part holds no operation
        // (e.g. every call refused) must not be judged as a silent system
        RunTimeline t = new RunTimeline(java.util.List.of(
                new OperationEvent(Timelines.T0.minusMillis(50), "warm-up", 1, 1.0, Outcome.SUCCESS, null),
                call(100, false, false)), Timelines.T0, at(1000));

        assertThat(t.systemRecordsOperations()).as("system records operations").isTrue();
        assertThat(t.operations()).as("measured operations").isEmpty();
    }
}
