package io.chaosharness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimelineAggregatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");

    private static ObjectNode event(String type, long offsetMs) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", type);
        e.put("at", T0.plusMillis(offsetMs).toString());
        return e;
    }

    private static ObjectNode operation(long offsetMs, double latencyMs, boolean ok) {
        return event("operation", offsetMs).put("operation", "select-1").put("attempts", 1)
                .put("latencyMs", latencyMs).put("outcome", ok ? "SUCCESS" : "FAILURE");
    }

    @Test
    void latencyPercentilesAreComputedPerOneSecondBucket() {
        TimelineAggregator agg = new TimelineAggregator();
        // second 0: latencies 1..100 ms; second 1: ten times 500 ms; second 2: nothing
        for (int i = 1; i <= 100; i++) {
            agg.accept(operation(i * 9, i, true));
        }
        for (int i = 0; i < 10; i++) {
            agg.accept(operation(1000 + i * 90, 500, i != 3));
        }
        Timeline t = agg.finish(T0, 3000L, List.of());

        assertThat(t.bucketSeconds()).isEqualTo(1.0);
        assertThat(t.latencySource()).isEqualTo("operation");
        assertThat(t.p50()).as("p50 per bucket").containsExactly(50.0, 500.0, null);
        assertThat(t.p95()).as("p95 per bucket").containsExactly(95.0, 500.0, null);
        assertThat(t.p99()).as("p99 per bucket").containsExactly(99.0, 500.0, null);
        assertThat(t.operations()).containsExactly(100, 10, 0);
        assertThat(t.failures()).containsExactly(0, 1, 0);
        assertThat(agg.figures().p99Ms()).as("overall p99 over 110 values").isEqualTo(500.0);
        assertThat(agg.figures().failed()).isEqualTo(1);
    }

    @Test
    void eventOrderDoesNotMatter() {
        List<ObjectNode> events = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            events.add(operation(random.nextInt(20_000), random.nextInt(300), random.nextInt(50) != 0));
        }
        TimelineAggregator inOrder = new TimelineAggregator();
        events.stream().sorted((a, b) -> a.get("at").asText().compareTo(b.get("at").asText())).forEach(inOrder::accept);
        Collections.shuffle(events, new Random(7));
        TimelineAggregator shuffled = new TimelineAggregator();
        events.forEach(shuffled::accept);

        assertThat(shuffled.finish(T0, null, List.of())).isEqualTo(inOrder.finish(T0, null, List.of()));
    }

    @ParameterizedTest(name = "{0} s of events -> {1} s buckets")
    @CsvSource({"10, 1", "600, 1", "601, 2", "1200, 2", "1201, 5", "28800, 60"})
    void longRunsGetWiderBucketsSoThePageStaysSmall(int seconds, double expectedWidth) {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(operation(0, 1, true));
        agg.accept(operation(seconds * 1000L - 1, 1, true));
        Timeline t = agg.finish(T0, null, List.of());

        assertThat(t.bucketSeconds()).isEqualTo(expectedWidth);
        assertThat(t.size()).isLessThanOrEqualTo(TimelineAggregator.MAX_BUCKETS)
                .isEqualTo((int) Math.ceil(seconds / expectedWidth));
    }

    @Test
    void faultWindowsComeFromFaultEventsAndAnUnclosedWindowRunsToTheLastEvent() {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(event("fault", 2000).put("faultId", "f1").put("phase", "APPLIED").put("kind", "proxy-down"));
        agg.accept(event("fault", 4500).put("faultId", "f1").put("phase", "REMOVED").put("kind", "proxy-down"));
        agg.accept(event("fault", 6000).put("faultId", "f2").put("phase", "APPLIED").put("kind", "latency"));
        agg.accept(operation(9000, 3, true));
        List<Timeline.FaultWindow> schedule = List.of(new Timeline.FaultWindow("f1", "proxy-down", null, 2.0, 4.0));

        Timeline t = agg.finish(T0, 10_000L, schedule);

        assertThat(t.faultWindows()).extracting(Timeline.FaultWindow::id, Timeline.FaultWindow::fromS, Timeline.FaultWindow::toS)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f1", 2.0, 4.5), org.assertj.core.groups.Tuple.tuple("f2", 6.0, 9.0));
    }

    @Test
    void theScheduleShadesWhenTheTimelineHasNoFaultEvents() {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(operation(500, 3, true));
        List<Timeline.FaultWindow> schedule = List.of(new Timeline.FaultWindow("f1", "latency", "200ms", 3.0, 5.0));

        assertThat(agg.finish(T0, 8000L, schedule).faultWindows()).isEqualTo(schedule);
    }

    @Test
    void breakerStateIsTheWorstWithinEachBucketAndCarriesOver() {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(event("breaker-transition", 1200).put("breaker", "db").put("from", "CLOSED").put("to", "OPEN"));
        agg.accept(event("breaker-transition", 2500).put("breaker", "db").put("from", "OPEN").put("to", "HALF_OPEN"));
        agg.accept(event("breaker-transition", 4900).put("breaker", "db").put("from", "HALF_OPEN").put("to", "CLOSED"));
        agg.accept(operation(5500, 3, true));

        Timeline t = agg.finish(T0, 6000L, List.of());

        assertThat(t.breaker()).as("0 closed, 1 half-open, 2 open").containsExactly(0, 2, 2, 1, 1, 0);
        assertThat(t.breakerTransitions()).hasSize(3);
    }

    @Test
    void withoutBreakerTransitionsThereIsNoBreakerSeries() {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(operation(10, 3, true));
        assertThat(agg.finish(T0, null, List.of()).breaker()).isNull();
    }

    @Test
    void poolGaugesKeepTheMaximumActiveAndWaitingPerBucket() {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(event("pool-gauge", 100).put("total", 10).put("active", 4).put("idle", 6).put("waiting", 0).put("max", 15));
        agg.accept(event("pool-gauge", 600).put("total", 15).put("active", 15).put("idle", 0).put("waiting", 7).put("max", 15));
        agg.accept(event("pool-gauge", 1500).put("total", 15).put("active", 3).put("idle", 12).put("waiting", 0).put("max", 15));

        Timeline t = agg.finish(T0, 2000L, List.of());

        assertThat(t.poolActive()).containsExactly(15, 3);
        assertThat(t.poolWaiting()).containsExactly(7, 0);
        assertThat(t.poolIdle()).as("idle is the last sample").containsExactly(0, 12);
        assertThat(t.poolMax()).isEqualTo(15);
        assertThat(agg.figures().maxUtilisation()).as("15 in use + 7 waiting of 15").isEqualTo(22.0 / 15);
        assertThat(agg.figures().maxWaiting()).isEqualTo(7);
    }

    @Test
    void twentyThreadsWaitingOnADeadPoolAreNotZeroPercent() {
        // a brief outage: every connection gone (active 0), 20 callers waiting for one
        TimelineAggregator gaugesOnly = new TimelineAggregator();
        gaugesOnly.accept(event("pool-gauge", 100).put("total", 15).put("active", 0).put("idle", 15).put("waiting", 0).put("max", 15));
        gaugesOnly.accept(event("pool-gauge", 600).put("total", 0).put("active", 0).put("idle", 0).put("waiting", 20).put("max", 15));
        assertThat(gaugesOnly.figures().maxUtilisation()).isEqualTo(20.0 / 15);

        // the gauge sampled between the waits; the attempts in flight still show them
        TimelineAggregator attempts = new TimelineAggregator();
        attempts.accept(event("pool-gauge", 100).put("total", 15).put("active", 0).put("idle", 15).put("waiting", 0).put("max", 15));
        for (int i = 0; i < 20; i++) {
            attempts.accept(event("attempt", 2000 + i).put("attempt", 1).put("latencyMs", 1000.0)
                    .put("outcome", "FAILURE").put("failureClass", "POOL_EXHAUSTED"));
        }
        attempts.accept(event("attempt", 5000).put("attempt", 1).put("latencyMs", 1.0).put("outcome", "SUCCESS"));
        assertThat(attempts.figures().maxUtilisation()).as("20 attempts in flight of 15").isEqualTo(20.0 / 15);
    }

    @Test
    void attemptsStandInForOperationsWhenTheTimelineHasNone() {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(event("attempt", 100).put("attempt", 1).put("latencyMs", 12.0).put("outcome", "FAILURE")
                .put("failureClass", "TRANSIENT").put("sqlState", "08006").put("message", "refused by 127.0.0.1:41234"));
        agg.accept(event("attempt", 200).put("attempt", 2).put("latencyMs", 4.0).put("outcome", "SUCCESS"));
        agg.accept(event("retry", 150).put("nextAttempt", 2).put("delayMs", 40));
        agg.accept(event("budget-refusal", 300).put("attempt", 2));
        agg.accept(event("fallback", 400).put("granted", false));

        Timeline t = agg.finish(T0, 1000L, List.of());

        assertThat(t.latencySource()).isEqualTo("attempt");
        assertThat(t.failures()).containsExactly(1);
        assertThat(t.retries()).containsExactly(1);
        assertThat(t.budgetRefusals()).containsExactly(1);
        assertThat(t.fallbacks()).as("a refused fallback is no emergency session").containsExactly(0);
        assertThat(agg.figures().fallbacksRefused()).isEqualTo(1);
        assertThat(t.failureReasons()).extracting(Timeline.FailureReason::reason)
                .containsExactly("TRANSIENT [08006]: refused by #.#.#.#:#");
    }

    @Test
    void unusableEventsAreCountedNotFatal() {
        TimelineAggregator agg = new TimelineAggregator();
        agg.accept(operation(100, 3, true));
        agg.accept(JSON.createObjectNode().put("type", "operation").put("at", "yesterday"));
        agg.accept(JSON.createObjectNode().put("at", T0.toString()));
        agg.accept(event("a-future-event-type", 200));

        Timeline t = agg.finish(T0, null, List.of());

        assertThat(t.events()).isEqualTo(4);
        assertThat(t.skippedEvents()).isEqualTo(2);
        assertThat(t.firstSkipReason()).contains("event #2").contains("at must be an ISO-8601 instant, but was 'yesterday'");
        assertThat(t.operations()).containsExactly(1);
    }

    @Test
    void anEmptyTimelineGivesEmptySeries() {
        Timeline t = new TimelineAggregator().finish(T0, 5000L, List.of());
        assertThat(t.size()).isZero();
        assertThat(t.latencySource()).isNull();
    }
}
