package io.chaosharness.scenario.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.scenario.Workload;
import io.chaosharness.scenario.WorkloadOperation;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkloadRunnerTest {

    static final WorkloadOperation NOOP = new WorkloadOperation("noop", false, ctx -> { });

    static Workload lane(int workers, int maxOperations, Duration duration, Duration pacing) {
        return Workload.of(Workload.Lane.named("l").concurrency(workers).maxOperations(maxOperations)
                .duration(duration).pacing(pacing).op(NOOP, 1).build());
    }

    @Test
    void stopsAtTheOperationCountAndUsesExactlyTheConfiguredWorkers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        EventRecorder recorder = EventRecorder.systemUtc();
        try (WorkloadRunner r = new WorkloadRunner("t", lane(4, 103, Duration.ofSeconds(30), Duration.ZERO),
                (op, random, seq) -> {
                    calls.incrementAndGet();
                    threads.add(Thread.currentThread().getName());
                }, 1L, recorder)) {
            r.start();
            assertThat(r.awaitCompletion(Duration.ofSeconds(10))).as("finished by count, long before 30 s").isTrue();
        }
        assertThat(calls.get()).isEqualTo(103);
        assertThat(threads).hasSizeLessThanOrEqualTo(4);
        assertThat(recorder.ofType(NoteEvent.class)).anyMatch(n -> n.message().contains("ended after 103"));
    }

    @Test
    void stopsAtTheTimeBoundAndPacesEachWorker() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WorkloadRunner r = new WorkloadRunner("t", lane(2, 1_000_000, Duration.ofMillis(600),
                Duration.ofMillis(100)), (op, random, seq) -> calls.incrementAndGet(), 1L, EventRecorder.systemUtc())) {
            r.start();
            assertThat(r.awaitCompletion(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(calls.get()).as("2 workers × at most one per 100 ms for 600 ms").isBetween(2, 14);
    }

    @Test
    void failedOperationsDoNotStopTheWorkersAndUnexpectedOnesAreNoted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        EventRecorder recorder = EventRecorder.systemUtc();
        try (WorkloadRunner r = new WorkloadRunner("t", lane(1, 4, Duration.ofSeconds(5), Duration.ZERO),
                (op, random, seq) -> {
                    if (calls.incrementAndGet() % 2 == 0) {
                        throw new SQLException("recorded by the pool");
                    }
                    throw new IllegalStateException("a bug in an operation");
                }, 1L, recorder)) {
            r.start();
            assertThat(r.awaitCompletion(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(calls.get()).isEqualTo(4);
        assertThat(recorder.ofType(NoteEvent.class)).filteredOn(n -> n.message().contains("outside the pool"))
                .hasSize(2);
    }

    @Test
    void closeInterruptsAnOperationThatHangsAndReportsItInFlightBefore() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        WorkloadRunner r = new WorkloadRunner("t", lane(1, 10, Duration.ofSeconds(30), Duration.ZERO),
                (op, random, seq) -> {
                    entered.countDown();
                    new CountDownLatch(1).await(); // hangs until interrupted
                }, 1L, EventRecorder.systemUtc());
        r.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(r.awaitCompletion(Duration.ofMillis(200))).isFalse();
        assertThat(r.inFlight()).singleElement().asString().startsWith("t-l-1 for ");
        r.close();
        assertThat(r.awaitCompletion(Duration.ofSeconds(5))).as("interrupted and gone").isTrue();
    }
}
