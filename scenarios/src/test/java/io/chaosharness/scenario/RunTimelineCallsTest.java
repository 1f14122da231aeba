package io.chaosharness.scenario;

import static io.chaosharness.scenario.Timelines.at;
import static io.chaosharness.scenario.Timelines.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.InsightEvent;
import io.chaosharness.core.event.RetryEvent;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.sut.Insight;
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

    @Test
    void criteriaNeedingInternalsASystemDoesNotExposeAreNotMeasuredAndNameTheAdapterThatWouldMeasureThem() {
        RunTimeline t = timeline().event(call(100, true, false)).event(call(200, false, false)).until(1000);

        for (Criterion c : java.util.List.of(Criteria.retriesAtLeast(1), Criteria.retrySuccessAbove(95),
                Criteria.breakerOpened(), Criteria.utilisationBelow(0.5), Criteria.peakUtilisationBelow(0.5),
                Criteria.poolTimeoutsBounded(java.time.Duration.ofSeconds(11)))) {
            CriterionResult r = c.evaluate(t);
            assertThat(r.verdict()).as("%s on a system without adapters", c).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(r.measured()).as("%s names what is missing and the adapter", c)
                    .contains("exposes no").contains("harness-adapters").containsPattern("(Hikari|Retry|CircuitBreaker)Adapter");
        }
        assertThat(Criteria.retriesAtLeast(1).evaluate(t).measured()).as("the retry adapter's line")
                .contains(Insight.RETRIES.adapter());
    }

    @Test
    void anExposedInsightWithNoEventsIsAMeasurementOfNoneAndRetriesAreCountedPerCall() {
        RunTimeline none = timeline().event(new InsightEvent(at(10), "RETRIES", "resilience4j retry 'db'"))
                .event(new InsightEvent(at(10), "CIRCUIT_BREAKER", "resilience4j circuit breaker 'db'"))
                .event(call(100, true, false)).until(1000);
        assertThat(Criteria.retriesAtLeast(1).evaluate(none).verdict()).as("0 retries, retries exposed")
                .isEqualTo(Verdict.FAIL);
        assertThat(Criteria.breakerOpened().evaluate(none).verdict()).as("never opened, breaker exposed")
                .isEqualTo(Verdict.FAIL);

        RunTimeline retried = timeline()
                .event(new RetryEvent(at(50), "db", 2, 1000, "08006"))
                .event(new CallEvent(at(1100), "read", 1050.0, Outcome.SUCCESS, null, false, 1))
                .event(new BreakerTransitionEvent(at(1200), "db", "CLOSED", "OPEN"))
                .until(2000);
        assertThat(retried.operations()).as("a call with one retry is an operation of two attempts")
                .extracting(OperationEvent::attempts).containsExactly(2);
        assertThat(Criteria.retrySuccessAbove(95).evaluate(retried).verdict()).as("retry success")
                .isEqualTo(Verdict.PASS);
        assertThat(Criteria.breakerOpened().evaluate(retried).verdict()).as("breaker opened")
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void onASystemWithoutAttemptEventsACorruptedResultIsSeenAsAFailedCallAndAttemptCriteriaAreNotMeasured() {
        RunTimeline t = timeline().fault("f1", 50, 150L).event(call(100, true, false))
                .event(new CallEvent(at(300), "read", 5.0, Outcome.FAILURE, Operations.CORRUPTED, false))
                .until(1000);

        assertThat(Criteria.resultsIntact().evaluate(t).verdict()).as("results intact").isEqualTo(Verdict.FAIL);
        assertThat(Criteria.noFailuresAfterRemoval(java.time.Duration.ofMillis(10)).evaluate(t).verdict())
                .as("failed attempts after the removal, no attempt recorded").isEqualTo(Verdict.NOT_MEASURED);
    }
}
