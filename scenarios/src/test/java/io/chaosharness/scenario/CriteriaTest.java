package io.chaosharness.scenario;

import static io.chaosharness.scenario.Timelines.at;
import static io.chaosharness.scenario.Timelines.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.AvailabilityCheckEvent;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.PoolTimeoutEvent;
import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.Verdict;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CriteriaTest {

    @ParameterizedTest(name = "p99 of 99 × 5 ms and one {0} ms against < 100 ms: {1}")
    @CsvSource({"50, PASS", "99.9, PASS", "100, PASS", "250, PASS"})
    void p99IgnoresASingleOutlierInAHundred(double outlier, Verdict expected) {
        RunTimeline t = timeline().steady(0, 99, 10, 5.0).op(1000, outlier, true).until(2000);

        assertThat(Criteria.p99Below(100).evaluate(t).verdict()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} slow operations in 100: p99 {1}")
    @CsvSource({"1, PASS", "2, FAIL", "10, FAIL"})
    void p99FailsOnceMoreThanOnePercentIsSlow(int slow, Verdict expected) {
        Timelines b = timeline().steady(0, 100 - slow, 10, 5.0);
        for (int i = 0; i < slow; i++) {
            b.op(1000 + i, 150, true);
        }
        CriterionResult r = Criteria.p99Below(100).evaluate(b.until(2000));

        assertThat(r.verdict()).as(r.toString()).isEqualTo(expected);
        assertThat(r.seedCriterion()).isEqualTo("query-latency");
        if (expected == Verdict.FAIL) {
            assertThat(r.detail()).as("a failure names the slowest operations").contains("150 ms");
        }
    }

    @Test
    void aCriterionWithoutDataIsNotMeasuredAndSaysSo() {
        CriterionResult r = Criteria.p99Below(100).evaluate(timeline().until(1000));

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(r.passed()).as("not measured is never a pass").isFalse();
        assertThat(r.measured()).contains("no data");
    }

    @ParameterizedTest(name = "{0} failed of 200 against < 1 %: {1}")
    @CsvSource({"0, PASS", "1, PASS", "2, FAIL", "20, FAIL"})
    void errorRateAfterRetries(int failed, Verdict expected) {
        Timelines b = timeline().steady(0, 200 - failed, 5, 1.0);
        for (int i = 0; i < failed; i++) {
            b.op(2000 + i, 10, false);
        }
        CriterionResult r = Criteria.errorRateBelow(1).evaluate(b.until(3000));

        assertThat(r.verdict()).as(r.toString()).isEqualTo(expected);
        assertThat(r.measuredValue()).isEqualTo(100.0 * failed / 200);
    }

    @Test
    void failureMessagesNameTheFaultsInForce() {
        RunTimeline t = timeline().fault("f1", 0, 2000L).steady(0, 10, 10, 1.0).op(500, 20, false).until(3000);

        CriterionResult r = Criteria.noFailedOperations().evaluate(t);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("f1 proxy disabled").contains("TRANSIENT");
    }

    @Test
    void utilisationIsTheWorstSampledActiveShare() {
        RunTimeline ok = timeline().gauge(0, 15, 3, 0).gauge(250, 15, 7, 0).until(1000);
        RunTimeline busy = timeline().gauge(0, 15, 3, 0).gauge(250, 15, 8, 2).until(1000);

        assertThat(Criteria.utilisationBelow(0.5).evaluate(ok).verdict()).as("7 of 15").isEqualTo(Verdict.PASS);
        CriterionResult r = Criteria.utilisationBelow(0.5).evaluate(busy);
        assertThat(r.verdict()).as("8 of 15").isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("active 8 of 15").contains("waiting 2");
    }

    @Test
    void twentyThreadsWaitingOnADeadPoolAreNeverZeroPercent() {
        // an outage: every connection is gone (active 0), 20 callers wait for one, each attempt waits 1 s
        Timelines b = timeline().fault("f1", 0, 5000L).gauge(0, 15, 0, 0).gauge(2000, 0, 0, 20);
        for (int i = 0; i < 20; i++) {
            b.attempt(3000 + i, 1000, false, "POOL_EXHAUSTED", "08001");
        }
        RunTimeline outage = b.until(5000);

        CriterionResult r = Criteria.utilisationBelow(0.5).evaluate(outage);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.FAIL);
        assertThat(r.measuredValue()).as("20 waiting of 15").isEqualTo(1.33);
        assertThat(Measurements.summary(outage).maxUtilisation()).as("summary: 20 in flight / 15").isEqualTo(1.33);
        assertThat(Measurements.summary(outage).maxWaiting()).isEqualTo(20);
        assertThat(Measurements.peakAttemptsInFlight(outage)).isEqualTo(20);
    }

    @Test
    void utilisationIsTheBusiestSecondsMeanOfAttemptsInFlight() {
        Timelines calm = timeline().gauge(0, 15, 0, 0);
        Timelines busy = timeline().gauge(0, 15, 0, 0);
        for (int i = 0; i < 7; i++) {
            calm.attempt(1000 + i, 1000, true, null, null);     // ~7 connections held through the first second
        }
        for (int i = 0; i < 12; i++) {
            calm.attempt(1300 + i, 100, true, null, null);      // a 100 ms burst of 12: a peak, not utilisation
        }
        for (int i = 0; i < 8; i++) {
            busy.attempt(1000 + i, 1000, true, null, null);     // ~8 of 15 held for a whole second
        }

        CriterionResult ok = Criteria.peakUtilisationBelow(0.5).evaluate(calm.until(1500));
        CriterionResult r = Criteria.peakUtilisationBelow(0.5).evaluate(busy.until(1500));

        assertThat(ok.verdict()).as(ok.toString()).isEqualTo(Verdict.PASS);
        assertThat(ok.measured()).as("the burst shows as the instantaneous peak").contains("instantaneous peak 12")
                .contains("busiest 1 s 7.0 of 15 = 46.5 %");
        assertThat(ok.measuredValue()).as("6.98 / 15, rounded").isEqualTo(0.47);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("second 0 of the run");
    }

    @Test
    void slowdownComparesMediansInsideAndOutsideTheFault() {
        Timelines b = timeline().fault("f1", 1000, 3000L).steady(0, 20, 40, 2.0);   // before: 2 ms
        for (int i = 0; i < 10; i++) {
            b.op(1300 + i * 150, 152, true);                                    // inside: 152 ms
        }
        RunTimeline t = b.steady(3500, 20, 40, 2.0).until(5000);

        CriterionResult r = Criteria.slowdownAboutInjectedDelay(Duration.ofMillis(150), 0.6, 2.5).evaluate(t);
        CriterionResult tooLittle = Criteria.slowdownAboutInjectedDelay(Duration.ofMillis(500), 0.6, 2.5).evaluate(t);

        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.PASS);
        assertThat(r.measuredValue()).isEqualTo(150.0);
        assertThat(tooLittle.verdict()).as(tooLittle.toString()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void fallbacksRetriesAndBreaker() {
        RunTimeline quiet = timeline().steady(0, 10, 10, 1).op("authenticate", 500, 3, true, 1, null).until(1000);
        RunTimeline eventful = timeline().fault("f1", 0, 5000L).steady(0, 10, 10, 1).retry(100, "TRANSIENT")
                .event(new FallbackEvent(at(2000), "u***@example.com", true, "database unavailable"))
                .event(new BreakerTransitionEvent(at(1500), "b", "CLOSED", "OPEN"))
                .op("read", 1600, 0.2, false, 1, "CIRCUIT_OPEN")
                .until(9000);

        assertThat(Criteria.noFallbacks().evaluate(quiet).verdict()).isEqualTo(Verdict.PASS);
        assertThat(Criteria.noFallbacks().evaluate(eventful).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(Criteria.noRetries().evaluate(quiet).verdict()).isEqualTo(Verdict.PASS);
        assertThat(Criteria.noRetries().evaluate(eventful).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(Criteria.retriesAtLeast(1).evaluate(quiet).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(Criteria.breakerOpened().evaluate(quiet).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(Criteria.breakerOpened().evaluate(eventful).verdict()).isEqualTo(Verdict.PASS);
        assertThat(Criteria.failFastWhileOpen(100).evaluate(eventful).verdict()).isEqualTo(Verdict.PASS);
        assertThat(Criteria.fallbackEngagedOnlyDuringOutage(Duration.ofSeconds(1)).evaluate(eventful).verdict())
                .isEqualTo(Verdict.PASS);
        RunTimeline quietWithFault = timeline().fault("f1", 0, 500L).steady(0, 10, 10, 1)
                .op("authenticate", 600, 3, true, 1, null).until(1000);
        assertThat(Criteria.fallbackEngagedOnlyDuringOutage(Duration.ofSeconds(1)).evaluate(quietWithFault).verdict())
                .as("never engaged").isEqualTo(Verdict.FAIL);
    }

    @Test
    void fallbacksCountGrantedSessionsAndReportRefusedBreakGlassBesideThem() {
        Timelines b = timeline().fault("f1", 0, 5000L).steady(0, 10, 10, 1);
        for (int i = 0; i < 4; i++) {
            b.op("authenticate", 1000 + i * 100, 900, true, 1, null)
                    .event(new FallbackEvent(at(1000 + i * 100), "u***@example.com", false, "database unavailable"));
        }
        RunTimeline refusedOnly = b.until(9000);

        CriterionResult none = Criteria.noFallbacks().evaluate(refusedOnly);
        assertThat(none.verdict()).as(none.toString()).isEqualTo(Verdict.PASS);
        assertThat(none.measured()).isEqualTo("0 granted (4 refused break-glass attempts)");
        CriterionResult consulted = Criteria.fallbackEngagedOnlyDuringOutage(Duration.ofSeconds(1)).evaluate(refusedOnly);
        assertThat(consulted.verdict()).isEqualTo(Verdict.PASS);
        assertThat(consulted.measured()).contains("4 during").contains("0 granted, 4 refused");
        assertThat(Measurements.summary(refusedOnly).fallbacks()).as("summary counts granted only").isZero();
        assertThat(Measurements.summary(refusedOnly).fallbacksRefused()).isEqualTo(4);
    }

    @Test
    void criteriaWithNothingToMeasureAreNotMeasuredNeverPass() {
        RunTimeline empty = timeline().until(1000);
        RunTimeline readsOnly = timeline().steady(0, 10, 10, 1).until(1000);

        assertThat(Criteria.noFallbacks().evaluate(readsOnly).verdict()).as("no login: nothing could fall back")
                .isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.noRetries().evaluate(empty).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.noFailedOperations().evaluate(empty).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.errorRateBelow(1).evaluate(empty).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.resultsIntact().evaluate(empty).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.recoveredWithin(Duration.ofSeconds(1)).evaluate(readsOnly).verdict())
                .as("no fault window").isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.availabilityCheckedDuringFault().evaluate(readsOnly).verdict())
                .isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.retriesWithinBudget(0.2, 3, Duration.ofSeconds(10)).evaluate(empty).verdict())
                .isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.errorRateWhileFaultedBelow(50, "why").evaluate(readsOnly).verdict())
                .as("no fault window").isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Criteria.fallbackEngagedOnlyDuringOutage(Duration.ofSeconds(1)).evaluate(readsOnly).verdict())
                .isEqualTo(Verdict.NOT_MEASURED);
    }

    @ParameterizedTest(name = "{0} of 60 operations started while the proxy flaps fail, target < 66.7 %: {1}")
    @CsvSource({"0, PASS", "39, PASS", "40, FAIL", "60, FAIL"})
    void theErrorRateDuringAFaultIsJudgedAgainstItsStatedTarget(int failed, Verdict expected) {
        Timelines b = timeline().steady(0, 20, 10, 1.0).fault("f1", 1000, 7000L);
        for (int i = 0; i < 60; i++) {
            b.op(1100 + i * 100, 10, i >= failed);
        }
        b.op(6900, 10, false).steady(8000, 20, 10, 1.0); // a failure started inside, and clean ops outside
        CriterionResult r = Criteria.errorRateWhileFaultedBelow(100.0 * 2 / 3, "the down share").evaluate(b.until(9000));

        assertThat(r.verdict()).as(r.toString()).isEqualTo(expected);
        assertThat(r.target()).isEqualTo("< 66.7 % (the down share)");
        assertThat(r.measured()).contains("of 61 started");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "error rate < 0 %       | error rate after retries",
            "error rate < 0.01 %    | error rate after retries",
            "error rate < -1 %      | error rate after retries",
            "error rate < 120 %     | error rate after retries",
            "p99 < 0 ms             | p99 operation latency",
            "retry success > 100 %  | retried operations that succeeded",
            "free text < 0.0 %      | made up"})
    void unsoundTargetsAreRefusedWhenTheScenarioIsBuilt(String label, String criterionName) {
        Criterion c = switch (label.split(" <| >")[0].trim()) {
            case "error rate" -> Criteria.errorRateBelow(Double.parseDouble(label.replaceAll("[^0-9.-]", "")));
            case "p99" -> Criteria.p99Below(0);
            case "retry success" -> Criteria.retrySuccessAbove(100);
            default -> Criteria.of("made up", null, "< 0.0 %", t -> null);
        };
        Scenario.Builder b = Scenario.builder("sane").title("t").description("d").proves("p")
                .workload(Workload.of(ScenarioCatalog.standardLane(Duration.ofSeconds(1)))).criterion(c);

        org.assertj.core.api.Assertions.assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scenario sane, criterion '" + criterionName + "': target '");
    }

    @Test
    void everyCatalogueTargetIsSound() {
        assertThat(ScenarioCatalog.all()).as("the catalogue builds").hasSize(ScenarioCatalog.ids().size());
        for (Scenario s : ScenarioCatalog.all()) {
            for (Criterion c : s.criteria()) {
                assertThat(c.target()).as(s.id() + " / " + c.name()).doesNotContainPattern("^<\\s*-?0+(\\.0+)?\\s");
            }
        }
    }

    @Test
    void classificationOfFailedAttempts() {
        RunTimeline right = timeline().attempt(100, 3, false, "TRANSIENT", "57P01").attempt(200, 2, true, null, null)
                .until(1000);
        RunTimeline wrong = timeline().attempt(100, 3, false, "PERMANENT", "57P01").until(1000);
        RunTimeline none = timeline().attempt(100, 3, false, "TRANSIENT", "08006").until(1000);

        Criterion c = Criteria.failuresClassified(Set.of("57P"), "TRANSIENT");
        assertThat(c.evaluate(right).verdict()).isEqualTo(Verdict.PASS);
        assertThat(c.evaluate(wrong).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(c.evaluate(none).verdict()).as("the fault was never felt").isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void noFailuresAfterRemovalLooksAtAttemptsStartedAfterTheGrace() {
        RunTimeline evicted = timeline().fault("f1", 0, 1000L).attempt(900, 5, false, "TRANSIENT", "08006")
                .attempt(1100, 200, false, "TRANSIENT", "08006")     // started at 900: inside the fault
                .attempt(2000, 1, true, null, null).until(3000);
        RunTimeline reused = timeline().fault("f1", 0, 1000L).attempt(1600, 5, false, "TRANSIENT", "08006")
                .until(3000);

        Criterion c = Criteria.noFailuresAfterRemoval(Duration.ofMillis(200));
        assertThat(c.evaluate(evicted).verdict()).isEqualTo(Verdict.PASS);
        CriterionResult r = c.evaluate(reused);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("08006");
    }

    @ParameterizedTest(name = "{0} retries for 100 calls in 10 s against 0.2 × calls + 3/s: {1}")
    @CsvSource({"0, PASS", "30, PASS", "50, PASS", "51, PASS", "60, FAIL", "200, FAIL"})
    void retriesWithinTheBudget(int retries, Verdict expected) {
        Timelines b = timeline().steady(10, 100, 90, 1.0);
        for (int i = 0; i < retries; i++) {
            b.retry(i * 9000L / Math.max(1, retries), "TRANSIENT");
        }
        CriterionResult r = Criteria.retriesWithinBudget(0.2, 3, Duration.ofSeconds(10)).evaluate(b.until(9999));

        assertThat(r.verdict()).as(r.toString()).isEqualTo(expected);
    }

    @Test
    void availabilityCheckCountsChecksJudgedUnavailableAndSlowAttempts() {
        RunTimeline ok = timeline().fault("f1", 0, 3000L)
                .event(new AvailabilityCheckEvent(at(100), 1, false, 900, "refused"))
                .event(new AvailabilityCheckEvent(at(1200), 2, false, 900, "refused"))
                .event(new AvailabilityCheckEvent(at(3500), 3, true, 40, null)).until(5000);
        RunTimeline unavailable = timeline()
                .event(new AvailabilityCheckEvent(at(100), 1, false, 900, "refused"))
                .event(new AvailabilityCheckEvent(at(1200), 2, false, 900, "refused"))
                .event(new AvailabilityCheckEvent(at(3500), 3, false, 900, "refused")).until(5000);
        RunTimeline slow = timeline().event(new AvailabilityCheckEvent(at(100), 1, true, 10_500, null)).until(20_000);

        Criterion c = Criteria.availabilityWithin(3, Duration.ofSeconds(10));
        assertThat(c.evaluate(ok).verdict()).isEqualTo(Verdict.PASS);
        assertThat(c.evaluate(unavailable).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(c.evaluate(slow).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(Criteria.availabilityCheckedDuringFault().evaluate(ok).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void poolTimeoutsMustHappenAndBeBounded() {
        RunTimeline bounded = timeline().attempt(10_000, 10_001, false, "POOL_EXHAUSTED", "08001")
                .event(new PoolTimeoutEvent(at(10_000), "p", 15, 15, 0, 5, 10_001)).until(12_000);
        RunTimeline unbounded = timeline().attempt(10_000, 14_000, false, "POOL_EXHAUSTED", null)
                .event(new PoolTimeoutEvent(at(10_000), "p", 15, 15, 0, 5, 14_000)).until(12_000);

        Criterion c = Criteria.poolTimeoutsBounded(Duration.ofSeconds(11));
        assertThat(c.evaluate(bounded).verdict()).isEqualTo(Verdict.PASS);
        assertThat(c.evaluate(unbounded).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(c.evaluate(timeline().until(1000)).verdict()).as("none happened").isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void verificationsAreJudgedByName() {
        RunTimeline t = timeline().verification(new Verification("x", true, "all 10 present", 0)).until(1000);

        assertThat(Criteria.verified("x", "writes", "none lost").evaluate(t).verdict()).isEqualTo(Verdict.PASS);
        assertThat(Criteria.verified("y", "writes", "none lost").evaluate(t).measured()).contains("did not run");
    }

    @Test
    void everyAttemptAndOperationWithinBounds() {
        RunTimeline t = timeline().attempt(100, 3_000, false, "TRANSIENT", "08006").op(5000, 4_200, true).until(6000);

        assertThat(Criteria.everyAttemptEndsWithin(Duration.ofMillis(3500), "socket").evaluate(t).verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(Criteria.everyAttemptEndsWithin(Duration.ofMillis(2000), "socket").evaluate(t).verdict())
                .isEqualTo(Verdict.FAIL);
        assertThat(Criteria.everyOperationEndsWithin(Duration.ofMillis(4000), "sum").evaluate(t).verdict())
                .isEqualTo(Verdict.FAIL);
    }
}
