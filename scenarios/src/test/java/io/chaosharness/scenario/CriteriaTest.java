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
    void aCriterionWithoutDataFailsAndSaysSo() {
        CriterionResult r = Criteria.p99Below(100).evaluate(timeline().until(1000));

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
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
        RunTimeline quiet = timeline().steady(0, 10, 10, 1).until(1000);
        RunTimeline eventful = timeline().fault("f1", 0, 5000L).steady(0, 10, 10, 1).retry(100, "TRANSIENT")
                .event(new FallbackEvent(at(2000), "u***@example.com", false, "database unavailable"))
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
        assertThat(Criteria.fallbackEngagedOnlyDuringOutage(Duration.ofSeconds(1)).evaluate(quiet).verdict())
                .as("never engaged").isEqualTo(Verdict.FAIL);
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
        assertThat(c.evaluate(none).verdict()).as("the fault was never felt").isEqualTo(Verdict.FAIL);
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
        assertThat(c.evaluate(timeline().until(1000)).verdict()).as("none happened").isEqualTo(Verdict.FAIL);
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
