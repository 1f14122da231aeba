package io.chaosharness.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chaosharness.core.Seeds;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.BudgetRefusalEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.RetryEvent;
import io.chaosharness.testing.MutableClock;
import io.chaosharness.testing.ScriptedDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetryExecutorTest {

    private static final Duration TINY = Duration.ofMillis(1);

    private final EventRecorder recorder = new EventRecorder(Clock.systemUTC());
    private final ScriptedDataSource dataSource = new ScriptedDataSource();
    private final List<String> poolTimeouts = new ArrayList<>();

    private RetryExecutor executor(ResilienceConfig config, long seed) {
        return new RetryExecutor("test-pool", dataSource, config, recorder, seed,
                (op, ms) -> poolTimeouts.add(op), null);
    }

    private static ResilienceConfig.Builder fast() {
        return ResilienceConfig.custom().baseDelay(TINY).maxDelay(Duration.ofMillis(5));
    }

    /** An operation that fails with the given SQLStates, then returns "ok". */
    private static SqlOperation<String> failing(AtomicInteger calls, String... states) {
        return c -> {
            int n = calls.getAndIncrement();
            if (n < states.length) {
                throw new SQLException("scripted failure " + n, states[n]);
            }
            return "ok";
        };
    }

    @Test
    void transientFailuresOfAnIdempotentReadAreRetriedUntilSuccess() throws Exception {
        RetryExecutor ex = executor(fast().build(), 1);
        AtomicInteger calls = new AtomicInteger();
        assertThat(ex.execute("read", true, 3, TINY, failing(calls, "08006", "57P01"))).isEqualTo("ok");
        assertThat(recorder.ofType(AttemptEvent.class)).extracting(AttemptEvent::attempt, AttemptEvent::outcome,
                AttemptEvent::failureClass).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, Outcome.FAILURE, "TRANSIENT"),
                org.assertj.core.groups.Tuple.tuple(2, Outcome.FAILURE, "TRANSIENT"),
                org.assertj.core.groups.Tuple.tuple(3, Outcome.SUCCESS, null));
        assertThat(recorder.ofType(RetryEvent.class)).extracting(RetryEvent::nextAttempt).containsExactly(2, 3);
        assertThat(recorder.ofType(OperationEvent.class)).singleElement()
                .satisfies(o -> {
                    assertThat(o.attempts()).isEqualTo(3);
                    assertThat(o.outcome()).isEqualTo(Outcome.SUCCESS);
                });
    }

    @Test
    void retriesStopAtMaxRetriesAndTheCallerSeesTheLastFailure() {
        RetryExecutor ex = executor(fast().breakerEnabled(false).build(), 1);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ex.execute("read", true, 2, TINY, failing(calls, "08006", "08006", "08006", "08006")))
                .isInstanceOf(SQLException.class).hasMessage("scripted failure 2");
        assertThat(calls).hasValue(3);
        assertThat(recorder.ofType(OperationEvent.class)).singleElement()
                .satisfies(o -> assertThat(o.failureClass()).isEqualTo("TRANSIENT"));
    }

    @Test
    void theSameSeedRecordsTheSameBackoffDelays() throws Exception {
        List<List<Long>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            EventRecorder r = new EventRecorder(Clock.systemUTC());
            RetryExecutor ex = new RetryExecutor("seeded", dataSource, fast().maxDelay(Duration.ofMillis(20)).build(),
                    r, 99L, null, null);
            AtomicInteger calls = new AtomicInteger();
            ex.execute("read", true, 3, Duration.ofMillis(2), failing(calls, "08006", "08006", "08006"));
            runs.add(r.ofType(RetryEvent.class).stream().map(RetryEvent::delayMs).toList());
        }
        assertThat(runs.get(0)).hasSize(3).isEqualTo(runs.get(1));
        SeededBackoff expected = new SeededBackoff(Duration.ofMillis(2), Duration.ofMillis(20), 0.5,
                Seeds.threadSafe(99L, "seeded/retry-backoff"));
        assertThat(runs.get(0)).as("the delays are the seeded schedule")
                .containsExactly(expected.delayMillis(1), expected.delayMillis(2), expected.delayMillis(3));
    }

    @Test
    void aNonIdempotentWriteThatReachedTheServerIsNotRepeated() {
        RetryExecutor ex = executor(fast().build(), 1);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ex.execute("insert", false, failing(calls, "08006")))
                .isInstanceOf(SQLException.class);
        assertThat(calls).as("executed once").hasValue(1);
        assertThat(recorder.ofType(RetryEvent.class)).isEmpty();
    }

    @Test
    void aNonIdempotentWriteIsRepeatedWhenThePoolTimedOutBeforeReachingTheServer() throws Exception {
        dataSource.failConnects(new SQLTransientConnectionException(
                "test-pool - Connection is not available, request timed out after 1000ms", "08001"));
        RetryExecutor ex = executor(fast().build(), 1);
        AtomicInteger calls = new AtomicInteger();
        assertThat(ex.execute("insert", false, 3, TINY, failing(calls))).isEqualTo("ok");
        assertThat(recorder.ofType(AttemptEvent.class)).extracting(AttemptEvent::failureClass)
                .containsExactly("POOL_EXHAUSTED", null);
        assertThat(poolTimeouts).as("pool timeout reported with the operation").containsExactly("insert");
    }

    @Test
    void anUnsafeToRepeatFailureIsRepeatedOnlyUnderAnIdempotencyKey() throws Exception {
        RetryExecutor ex = executor(fast().build(), 1);
        AtomicInteger plain = new AtomicInteger();
        assertThatThrownBy(() -> ex.execute("commit", false, failing(plain, "08007"))).isInstanceOf(SQLException.class);
        assertThat(plain).hasValue(1);
        AtomicInteger keyed = new AtomicInteger();
        RetryExecutor fastDefault = new RetryExecutor("keyed", dataSource, fast().build(), recorder, 1, null, null);
        assertThat(fastDefault.executeWithIdempotencyKey("commit", "order-42", failing(keyed, "08007"))).isEqualTo("ok");
        assertThat(keyed).hasValue(2);
    }

    @Test
    void permanentFailuresAreNotRetriedAndDoNotCountAgainstTheBreaker() {
        RetryExecutor ex = executor(fast().build(), 1);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ex.execute("syntax", true, failing(calls, "42601"))).isInstanceOf(SQLException.class);
        assertThat(calls).hasValue(1);
        assertThat(ex.breaker().orElseThrow().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void theBreakerCountsEachLogicalOperationOnceAndThenFailsFast() {
        RetryExecutor ex = executor(fast().budgetEnabled(false).breakerSlidingWindowSize(4).breakerMinimumNumberOfCalls(2)
                .breakerFailureRateThreshold(50).breakerWaitInOpenState(Duration.ofMinutes(1)).build(), 1);
        for (int op = 0; op < 2; op++) {
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> ex.execute("read", true, 3, TINY, failing(calls, "08006", "08006", "08006", "08006")))
                    .isInstanceOf(SQLException.class);
            assertThat(calls).as("4 attempts per operation").hasValue(4);
        }
        assertThat(ex.breakerState()).isEqualTo("OPEN");
        assertThat(ex.breaker().orElseThrow().getMetrics().getNumberOfFailedCalls())
                .as("2 logical operations, not 8 attempts").isEqualTo(2);
        assertThat(recorder.ofType(BreakerTransitionEvent.class)).singleElement()
                .satisfies(t -> assertThat(t.from() + "->" + t.to()).isEqualTo("CLOSED->OPEN"));

        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ex.execute("read", true, failing(calls))).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("test-pool");
        assertThat(calls).as("nothing ran").hasValue(0);
        List<AttemptEvent> attempts = recorder.ofType(AttemptEvent.class);
        assertThat(attempts.get(attempts.size() - 1).failureClass()).isEqualTo("CIRCUIT_OPEN");
    }

    @Test
    void everyBreakerTransitionIsRecordedOnTheRecordersClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        EventRecorder timeline = new EventRecorder(clock);
        RetryExecutor ex = new RetryExecutor("clocked", dataSource, fast().budgetEnabled(false).maxRetries(0)
                .breakerSlidingWindowSize(2).breakerMinimumNumberOfCalls(2).breakerPermittedCallsInHalfOpenState(2)
                .breakerWaitInOpenState(Duration.ofMinutes(1)).build(), timeline, 1, null, null);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> ex.execute("read", true, failing(new AtomicInteger(), "08006")))
                    .isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> ex.execute("read", true, failing(new AtomicInteger())))
                .as("still open before the wait").isInstanceOf(CircuitOpenException.class);
        clock.advance(Duration.ofSeconds(61));
        assertThat(ex.execute("read", true, failing(new AtomicInteger()))).isEqualTo("ok");
        assertThat(ex.execute("read", true, failing(new AtomicInteger()))).isEqualTo("ok");
        assertThat(timeline.ofType(BreakerTransitionEvent.class))
                .extracting(t -> t.from() + "->" + t.to())
                .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(timeline.ofType(BreakerTransitionEvent.class).get(1).at())
                .isEqualTo(Instant.parse("2026-01-01T00:01:01Z"));
    }

    /** A breaker that opens on 2 failed operations of 2, tries 1 trial when half-open and waits a minute when open. */
    private static ResilienceConfig.Builder oneTrialBreaker() {
        return fast().budgetEnabled(false).maxRetries(0).breakerSlidingWindowSize(2).breakerMinimumNumberOfCalls(2)
                .breakerFailureRateThreshold(50).breakerPermittedCallsInHalfOpenState(1)
                .breakerWaitInOpenState(Duration.ofMinutes(1));
    }

    /** Starts a read whose attempt waits for {@code release}, then fails with 08006; the caller sees its failure. */
    private static Thread blockedRead(RetryExecutor ex, java.util.concurrent.CountDownLatch entered,
                                      java.util.concurrent.CountDownLatch release, AtomicReference<Throwable> thrown) {
        Thread t = new Thread(() -> {
            try {
                ex.execute("stale-read", true, c -> {
                    entered.countDown();
                    try {
                        if (!release.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never released");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    throw new SQLException("scripted failure after the wait", "08006");
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "stale-caller");
        t.start();
        return t;
    }

    @Test
    void failuresOfOperationsPermittedBeforeTheBreakerWentHalfOpenNeitherReopenItNorCountAfterItCloses()
            throws Exception {
        RetryExecutor ex = executor(oneTrialBreaker().build(), 1);
        var entered = new java.util.concurrent.CountDownLatch(2);
        var releaseFirst = new java.util.concurrent.CountDownLatch(1);
        var releaseSecond = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        // two callers take their permission while the breaker is closed, then wait (like pool waits begun in an outage)
        Thread a = blockedRead(ex, entered, releaseFirst, first);
        Thread b = blockedRead(ex, entered, releaseSecond, second);
        try {
            assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("both callers are in").isTrue();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> ex.execute("read", true, failing(new AtomicInteger(), "08006")))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(ex.breakerState()).isEqualTo("OPEN");
            ex.onDatabaseBack();
            assertThat(ex.breakerState()).isEqualTo("HALF_OPEN");

            releaseFirst.countDown();
            a.join(10_000);
            assertThat(first.get()).as("the caller still sees its failure").isInstanceOf(SQLException.class)
                    .hasMessage("scripted failure after the wait");
            assertThat(ex.breakerState()).as("a failure from before the half-open state is no trial of it")
                    .isEqualTo("HALF_OPEN");

            assertThat(ex.execute("read", true, failing(new AtomicInteger()))).as("the one real trial").isEqualTo("ok");
            assertThat(ex.breakerState()).isEqualTo("CLOSED");

            releaseSecond.countDown();
            b.join(10_000);
            assertThat(second.get()).isInstanceOf(SQLException.class);
            assertThat(ex.breaker().orElseThrow().getMetrics().getNumberOfFailedCalls())
                    .as("nor is it counted by the closed state that followed").isZero();
        } finally {
            releaseFirst.countDown();
            releaseSecond.countDown();
            a.join(10_000);
            b.join(10_000);
        }
        assertThat(recorder.ofType(BreakerTransitionEvent.class)).extracting(t -> t.from() + "->" + t.to())
                .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(recorder.ofType(io.chaosharness.core.event.NoteEvent.class))
                .filteredOn(n -> n.message().contains("not recorded against the breaker"))
                .extracting(io.chaosharness.core.event.NoteEvent::message)
                .as("the timeline says which failures the breaker did not count, and in which state")
                .containsExactly(
                        "stale-read: failure (TRANSIENT) not recorded against the breaker, now HALF_OPEN: the "
                                + "operation's permission was taken before the breaker's latest transition",
                        "stale-read: failure (TRANSIENT) not recorded against the breaker, now CLOSED: the "
                                + "operation's permission was taken before the breaker's latest transition");
        assertThat(recorder.ofType(OperationEvent.class)).filteredOn(o -> o.operation().equals("stale-read"))
                .as("both failures are still on the timeline as operations").hasSize(2)
                .allSatisfy(o -> assertThat(o.outcome()).isEqualTo(Outcome.FAILURE));
    }

    @Test
    void aTrialPermittedWhileHalfOpenStillReopensTheBreakerWhenItFails() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        EventRecorder timeline = new EventRecorder(clock);
        RetryExecutor ex = new RetryExecutor("clocked", dataSource, oneTrialBreaker().build(), timeline, 1, null, null);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> ex.execute("read", true, failing(new AtomicInteger(), "08006")))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(ex.breakerState()).isEqualTo("OPEN");
        clock.advance(Duration.ofSeconds(61));
        // the trial's own permission call moves the breaker OPEN -> HALF_OPEN: the transition happens inside it
        assertThatThrownBy(() -> ex.execute("read", true, failing(new AtomicInteger(), "08006")))
                .isInstanceOf(SQLException.class);
        assertThat(ex.breakerState()).as("the failed trial decides the half-open state").isEqualTo("OPEN");

        ex.onDatabaseBack();
        assertThatThrownBy(() -> ex.execute("read", true, failing(new AtomicInteger(), "08006")))
                .isInstanceOf(SQLException.class);
        assertThat(ex.breakerState()).as("and so does a trial after the probe half-opened it").isEqualTo("OPEN");
        assertThat(timeline.ofType(BreakerTransitionEvent.class)).extracting(t -> t.from() + "->" + t.to())
                .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN",
                        "HALF_OPEN->OPEN");
        assertThat(timeline.ofType(io.chaosharness.core.event.NoteEvent.class))
                .noneMatch(n -> n.message().contains("not recorded against the breaker"));
    }

    @Test
    void anExhaustedBudgetRefusesTheRetryAndSaysSo() {
        RetryExecutor ex = executor(fast().budgetRatio(0).budgetMinRetriesPerSecond(0).build(), 1);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ex.execute("read", true, failing(calls, "08006"))).isInstanceOf(SQLException.class);
        assertThat(calls).hasValue(1);
        assertThat(recorder.ofType(BudgetRefusalEvent.class)).singleElement()
                .satisfies(b -> assertThat(b.reason()).contains("retry budget exhausted"));
        assertThat(ex.budget().orElseThrow().refused()).isEqualTo(1);
    }

    /** A recovery signal that records what the executor asks; sleeps return at once, saying they slept in full. */
    private static final class RecordingSignal implements RecoverySignal {
        final List<String> broken = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger confirmations = new AtomicInteger();
        final boolean accepting;

        RecordingSignal(boolean accepting) {
            this.accepting = accepting;
        }

        @Override
        public void suspect() {
        }

        @Override
        public long sleepUnlessBack(long delayMs, long sinceNanos) {
            sleeps.add(delayMs);
            return delayMs;
        }

        @Override
        public void connectionBroken(String sqlState, long attemptStartNanos) {
            broken.add(sqlState);
        }

        @Override
        public boolean acceptingSince(long sinceNanos) {
            confirmations.incrementAndGet();
            return accepting;
        }
    }

    private RetryExecutor executor(ResilienceConfig config, RecoverySignal signal) {
        return new RetryExecutor("test-pool", dataSource, config, recorder, 1, (op, ms) -> poolTimeouts.add(op), null,
                signal);
    }

    private static ResilienceConfig.Builder minuteBackoff() {
        return ResilienceConfig.custom().baseDelay(Duration.ofSeconds(60)).maxDelay(Duration.ofSeconds(120)).jitter(0);
    }

    @Test
    void aBrokenConnectionsFirstRetrySkipsItsBackoffOnceTheDatabaseAcceptsConnectionsAndLaterRetriesKeepTheirs()
            throws Exception {
        RecordingSignal signal = new RecordingSignal(true);
        RetryExecutor ex = executor(minuteBackoff().build(), signal);
        AtomicInteger calls = new AtomicInteger();

        assertThat(ex.execute("read", true, failing(calls, "57P01", "08006"))).isEqualTo("ok");

        assertThat(signal.broken).as("each failure on a handed-out connection is reported").containsExactly("57P01",
                "08006");
        assertThat(signal.confirmations).as("only the first retry asks whether the database accepts").hasValue(1);
        assertThat(signal.sleeps).as("the second retry sleeps its drawn backoff (60 s base doubled, no jitter)")
                .containsExactly(120_000L);
        assertThat(recorder.ofType(RetryEvent.class)).as("both retries were admitted and recorded").hasSize(2);
        assertThat(ex.budget().orElseThrow().windowRetries()).as("both counted by the budget").isEqualTo(2);
        assertThat(recorder.ofType(io.chaosharness.core.event.NoteEvent.class))
                .anyMatch(n -> n.message().contains("backoff after attempt 1 (60000 ms) skipped"));
    }

    @Test
    void aBrokenConnectionsBackoffIsKeptWhenTheDatabaseDoesNotAcceptConnections() throws Exception {
        RecordingSignal signal = new RecordingSignal(false);
        RetryExecutor ex = executor(minuteBackoff().build(), signal);

        assertThat(ex.execute("read", true, failing(new AtomicInteger(), "57P01"))).isEqualTo("ok");

        assertThat(signal.confirmations).hasValue(1);
        assertThat(signal.sleeps).as("the backoff, less the time the confirmation took").singleElement()
                .satisfies(ms -> assertThat(ms).isBetween(50_000L, 60_000L));
    }

    @Test
    void aBrokenConnectionsRetryIsStillRefusedByAnExhaustedBudgetAndAsksNothing() {
        RecordingSignal signal = new RecordingSignal(true);
        RetryExecutor ex = executor(minuteBackoff().budgetRatio(0).budgetMinRetriesPerSecond(0).build(), signal);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> ex.execute("read", true, failing(calls, "57P01"))).isInstanceOf(SQLException.class);

        assertThat(calls).as("no retry without the budget's admission").hasValue(1);
        assertThat(signal.confirmations).hasValue(0);
        assertThat(recorder.ofType(BudgetRefusalEvent.class)).hasSize(1);
    }

    @Test
    void aRefusedConnectIsNoBrokenConnection() throws Exception {
        RecordingSignal signal = new RecordingSignal(true);
        RetryExecutor ex = executor(minuteBackoff().build(), signal);
        dataSource.failConnects(new SQLException("refused", "08001"));

        String result = ex.execute("read", true, c -> "ok");

        assertThat(result).isEqualTo("ok");
        assertThat(signal.broken).as("no connection was handed out").isEmpty();
        assertThat(signal.confirmations).hasValue(0);
        assertThat(signal.sleeps).as("the backoff is slept (woken by the probe in a pool)").containsExactly(60_000L);
    }

    @Test
    void aRetryWaitIsInterruptible() throws Exception {
        RetryExecutor ex = executor(ResilienceConfig.custom().baseDelay(Duration.ofSeconds(60))
                .maxDelay(Duration.ofSeconds(60)).jitter(0).build(), 1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptedFlag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                ex.execute("read", true, failing(new AtomicInteger(), "08006", "08006"));
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptedFlag.set(Thread.currentThread().isInterrupted());
        }, "retry-caller");
        caller.start();
        await("the first retry is scheduled").atMost(Duration.ofSeconds(10))
                .until(() -> !recorder.ofType(RetryEvent.class).isEmpty());
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).as("caller ended after the interrupt").isFalse();
        assertThat(thrown.get()).isInstanceOf(SQLException.class);
        assertThat(interruptedFlag.get()).as("interrupt flag kept").isTrue();
        assertThat(recorder.ofType(OperationEvent.class)).singleElement()
                .satisfies(o -> assertThat(o.outcome()).isEqualTo(Outcome.FAILURE));
    }
}
