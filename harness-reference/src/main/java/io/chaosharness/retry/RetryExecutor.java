package io.chaosharness.retry;

import io.chaosharness.core.Seeds;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.BreakerTransitionEvent;
import io.chaosharness.core.event.BudgetRefusalEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.RetryEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs database operations with retries, a circuit breaker and a shared retry budget, recording everything on the
 * {@link EventRecorder}. One instance per pool; thread-safe; Resilience4j objects are created once (per distinct
 * {@code (maxRetries, baseDelay)} pair), never per call.
 *
 * <pre>
 *   caller ──▶ budget.recordCall ──▶ CircuitBreaker (one permit per logical operation)
 *                                        │
 *                                        ▼
 *                                 Retry.Context loop ──▶ attempt: getConnection + operation
 *                                        │   failure ─▶ classify ─▶ RetryRules ─▶ budget.tryAcquireRetry
 *                                        ▼
 *                            breaker.onSuccess / onError (once) ──▶ OperationEvent
 * </pre>
 * The breaker sits outside the retry so one logical operation counts once in the breaker however many attempts it
 * took (the trap in resilience4j#2383). Waits between attempts are drawn by Resilience4j's interval function, bounded
 * by {@code maxDelay}, and slept here, interruptibly (an interrupt ends the operation with the last failure and keeps
 * the interrupt flag set). With a {@link RecoverySignal} a wait ends early once the database is seen back after
 * refusing; and the first retry after a broken connection ({@link FailureClassifier#brokenConnection}) runs without
 * its wait once the signal confirms the database accepts connections. Every retry is admitted by the budget first.
 * A failed operation is recorded on the breaker only if the breaker has made no transition since the operation's
 * permission: a half-open breaker is decided by its own trials, not by callers whose waits began in the outage (a
 * note on the timeline says so; see {@link #breakerPhase}).
 */
public final class RetryExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryExecutor.class);

    /** Reports a pool timeout with the time waited; the pool adds its snapshot. */
    @FunctionalInterface
    public interface PoolTimeoutListener {
        void onPoolTimeout(String operation, long waitedMs);
    }

    private final String name;
    private final DataSource dataSource;
    private final ResilienceConfig config;
    private final EventRecorder recorder;
    private final RandomGenerator random;
    private final PoolTimeoutListener poolTimeouts;
    private final UnaryOperator<String> masker;
    private final FailureClassifier classifier = new FailureClassifier();
    private final CircuitBreaker breaker;
    private final RetryBudget budget;
    private final Retry defaultRetry;
    private final ConcurrentHashMap<RetryKey, Retry> retries = new ConcurrentHashMap<>();
    private final AtomicReference<CircuitBreaker.State> seenBreakerState =
            new AtomicReference<>(CircuitBreaker.State.CLOSED);
    private final RecoverySignal recovery;
    /**
     * The backoff Resilience4j's interval function drew for this thread's current retry. Resilience4j is told 0 (its
     * own sleep cannot be woken); this class then sleeps the drawn delay itself, ending it early when
     * {@link #recovery} sees the database back.
     */
    private static final ThreadLocal<long[]> PLANNED = ThreadLocal.withInitial(() -> new long[1]);

    private record RetryKey(int maxRetries, long baseDelayMs) {
    }

    /**
     * @param name         names the breaker and the retry; log lines start with it
     * @param dataSource   where each attempt borrows its connection
     * @param seed         the run seed; backoff jitter draws from {@code Seeds.threadSafe(seed, name + "/retry-backoff")}
     * @param poolTimeouts told about every pool timeout (may be {@code null})
     * @param masker       masks secrets in failure messages before they are recorded (may be {@code null})
     */
    public RetryExecutor(String name, DataSource dataSource, ResilienceConfig config, EventRecorder recorder, long seed,
                         PoolTimeoutListener poolTimeouts, UnaryOperator<String> masker) {
        this(name, dataSource, config, recorder, seed, poolTimeouts, masker, null);
    }

    /**
     * @param recovery told about failures that may mean the database is down, and ends backoff sleeps early once it
     *                 is back (may be {@code null}: backoff sleeps their full length)
     */
    public RetryExecutor(String name, DataSource dataSource, ResilienceConfig config, EventRecorder recorder, long seed,
                         PoolTimeoutListener poolTimeouts, UnaryOperator<String> masker, RecoverySignal recovery) {
        this.recovery = recovery;
        this.name = Objects.requireNonNull(name, "name");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.config = Objects.requireNonNull(config, "config");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.random = Seeds.threadSafe(seed, name + "/retry-backoff");
        this.poolTimeouts = poolTimeouts == null ? (op, ms) -> { } : poolTimeouts;
        this.masker = masker == null ? io.chaosharness.core.Secrets::mask : masker;
        this.budget = config.budgetEnabled() && config.retriesEnabled()
                ? new RetryBudget(config.budgetRatio(), config.budgetMinRetriesPerSecond(), config.budgetWindow(),
                recorder.clock())
                : null;
        this.breaker = config.breakerEnabled() ? createBreaker() : null;
        this.defaultRetry = retryFor(config.maxRetries(), config.baseDelay());
    }

    private CircuitBreaker createBreaker() {
        CircuitBreakerConfig cbc = CircuitBreakerConfig.custom()
                .slidingWindow(config.breakerSlidingWindowSize(), config.breakerMinimumNumberOfCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(config.breakerFailureRateThreshold())
                .waitDurationInOpenState(config.breakerWaitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(config.breakerPermittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(t -> classifier.classify(t).failureClass().countsAgainstBreaker())
                .clock(recorder.clock())
                .build();
        // No consumer is registered on the breaker's event publisher: with any consumer, Resilience4j builds an
        // event (with ZonedDateTime.now()) for every successful call, which was the largest part of withRetry's
        // no-fault overhead. Transitions are observed after each breaker call instead (observeBreaker).
        return CircuitBreaker.of(name, cbc);
    }

    /**
     * Records a transition if the breaker's state differs from the last one seen. Every transition happens inside
     * one of this class's breaker calls (automatic OPEN -> HALF_OPEN is off), and each is followed by this check;
     * the compare-and-set makes each observed change recorded once. Two transitions caused by different threads
     * between two checks (e.g. HALF_OPEN -> OPEN -> HALF_OPEN under concurrent load) can appear as one.
     */
    private void observeBreaker() {
        CircuitBreaker.State now = breaker.getState();
        CircuitBreaker.State seen = seenBreakerState.get();
        if (now != seen && seenBreakerState.compareAndSet(seen, now)) {
            String from = seen.name();
            String to = now.name();
            LOG.warn("{} - circuit breaker {} -> {}", name, from, to);
            recorder.append(new BreakerTransitionEvent(recorder.now(), name, from, to));
        }
    }

    private Retry retryFor(int maxRetries, Duration baseDelay) {
        int effectiveRetries = config.retriesEnabled() ? maxRetries : 0;
        Duration maxDelay = config.maxDelay().compareTo(baseDelay) >= 0 ? config.maxDelay() : baseDelay;
        RetryConfig rc = RetryConfig.custom()
                .maxAttempts(effectiveRetries + 1)
                .intervalBiFunction(planned(new SeededBackoff(baseDelay, maxDelay, config.jitter(), random)))
                .retryOnException(t -> t instanceof AttemptFailure f && f.willRetry)
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of(name + "-retry-" + effectiveRetries + "x" + baseDelay.toMillis() + "ms", rc);
        retry.getEventPublisher().onRetry(e -> {
            if (e.getLastThrowable() instanceof AttemptFailure f) {
                long delay = PLANNED.get()[0];
                LOG.info("{} - {} attempt {} failed ({} {}), retrying in {} ms", name, f.operation, f.attempt,
                        f.classification.failureClass(), f.classification.sqlState(), delay);
                recorder.record(at -> new RetryEvent(at, f.operation, f.attempt + 1, delay,
                        f.classification.failureClass().name()));
            }
        });
        return retry;
    }

    private static io.github.resilience4j.core.IntervalBiFunction<Object> planned(SeededBackoff backoff) {
        return (attempts, last) -> {
            PLANNED.get()[0] = backoff.apply(attempts, last);
            return 0L;
        };
    }

    /**
     * The database accepts connections again (seen by the recovery probe after it refused them): an open breaker goes
     * half-open now instead of after its wait, so that its trial calls decide at once. A half-open breaker whose
     * trials fail opens again as before; failures of operations permitted before it went half-open do not count.
     */
    public void onDatabaseBack() {
        if (breaker != null && breaker.getState() == CircuitBreaker.State.OPEN) {
            try {
                breaker.transitionToHalfOpenState();
            } catch (RuntimeException raced) { // another thread moved it first
                LOG.debug("{} - breaker half-open on recovery raced: {}", name, raced.getMessage());
            }
            observeBreaker();
        }
    }

    /**
     * Runs {@code operation} with the configured default retries and base delay.
     *
     * @param idempotent whether repeating the operation is harmless (reads, upserts by key)
     */
    public <T> T execute(String operationName, boolean idempotent, SqlOperation<T> operation) throws SQLException {
        return run(operationName, idempotent, false, defaultRetry, config.maxRetries(), operation);
    }

    /** Runs {@code operation} with {@code maxRetries} retries (0..10) starting at {@code baseDelay}. */
    public <T> T execute(String operationName, boolean idempotent, int maxRetries, Duration baseDelay,
                         SqlOperation<T> operation) throws SQLException {
        ResilienceConfig.checkMaxRetries(maxRetries);
        ResilienceConfig.checkBaseDelay(baseDelay);
        Retry retry = retries.computeIfAbsent(new RetryKey(maxRetries, baseDelay.toMillis()),
                k -> retryFor(k.maxRetries(), Duration.ofMillis(k.baseDelayMs())));
        return run(operationName, idempotent, false, retry, config.retriesEnabled() ? maxRetries : 0, operation);
    }

    /**
     * Runs a (possibly non-idempotent) write whose effect is deduplicated by {@code idempotencyKey} (for example an
     * {@code INSERT ... ON CONFLICT (key) DO NOTHING}); it may be repeated on every retryable failure.
     */
    public <T> T executeWithIdempotencyKey(String operationName, String idempotencyKey, SqlOperation<T> operation)
            throws SQLException {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("idempotencyKey must not be blank, but was '" + idempotencyKey + "'");
        }
        return run(operationName, false, true, defaultRetry, config.maxRetries(), operation);
    }

    private <T> T run(String op, boolean idempotent, boolean keyed, Retry retry, int maxRetries,
                      SqlOperation<T> operation) throws SQLException {
        Objects.requireNonNull(op, "operationName");
        Objects.requireNonNull(operation, "operation");
        long start = System.nanoTime();
        if (budget != null) {
            budget.recordCall();
        }
        if (breaker != null && !acquirePermission()) {
            CircuitOpenException open = new CircuitOpenException(name, breaker.getState().name(), op);
            String cls = FailureClass.CIRCUIT_OPEN.name();
            String msg = open.getMessage();
            recorder.record(at -> new AttemptEvent(at, op, 1, 0.0, Outcome.FAILURE, cls, null, msg));
            recorder.record(at -> new OperationEvent(at, op, 1, 0.0, Outcome.FAILURE, cls));
            throw open;
        }
        // read after the permission was granted, so it names the state the permission was taken in or a later one
        // (see breakerPhase); a reference read, nothing allocated
        Object permittedIn = breaker == null ? null : breakerPhase();
        Retry.Context<T> context = null; // created at the first failure: the no-fault path allocates none
        int attempt = 0;
        while (true) {
            attempt++;
            long attemptStart = System.nanoTime();
            boolean connected = false;
            try {
                T result;
                try (Connection connection = dataSource.getConnection()) {
                    connected = true;
                    result = operation.apply(connection);
                }
                long end = System.nanoTime();
                double attemptMs = (end - attemptStart) / 1e6;
                int attempts = attempt;
                recorder.append(new AttemptEvent(recorder.now(), op, attempts, attemptMs, Outcome.SUCCESS, null, null,
                        null));
                if (context != null) {
                    context.onComplete();
                }
                if (breaker != null) {
                    breaker.onSuccess(end - start, TimeUnit.NANOSECONDS);
                    observeBreaker();
                }
                double opMs = (end - start) / 1e6;
                recorder.append(new OperationEvent(recorder.now(), op, attempts, opMs, Outcome.SUCCESS, null));
                return result;
            } catch (SQLException | RuntimeException failure) {
                long end = System.nanoTime();
                Classification c = classifier.classify(failure).neverReachedServer(!connected);
                recordFailedAttempt(op, attempt, (end - attemptStart) / 1e6, c, failure, connected);
                boolean broken = recovery != null && connected && FailureClassifier.brokenConnection(c.sqlState());
                if (broken) {
                    recovery.connectionBroken(c.sqlState(), attemptStart);
                }
                boolean willRetry = attempt <= maxRetries && RetryRules.mayRepeat(c, idempotent, keyed);
                if (willRetry && budget != null && !budget.tryAcquireRetry()) {
                    willRetry = false;
                    int attempts = attempt;
                    String reason = "retry budget exhausted (" + budget.windowRetries() + " retries for "
                            + budget.windowCalls() + " calls in " + budget.window().toSeconds() + " s, ratio "
                            + budget.ratio() + ", floor " + budget.minRetriesPerSecond() + "/s)";
                    LOG.warn("{} - {} attempt {}: {}", name, op, attempt, reason);
                    recorder.record(at -> new BudgetRefusalEvent(at, op, attempts, reason));
                }
                // a broken connection's first retry asks the signal whether the database accepts connections (a
                // refused confirmation arms the probe itself); arming it first would answer "no" without asking
                boolean confirm = broken && willRetry && attempt == 1;
                if (recovery != null && c.failureClass().countsAgainstBreaker() && !confirm) {
                    recovery.suspect();
                }
                AttemptFailure wrapped = new AttemptFailure(op, attempt, c, failure, willRetry);
                if (context == null) {
                    context = retry.context();
                }
                try {
                    context.onError(wrapped); // returns when retrying (its own sleep is 0 ms: see backoff), throws otherwise
                } catch (Exception ended) {
                    finishFailed(op, attempt, start, c, failure, permittedIn);
                    throw rethrow(failure);
                }
                if (!willRetry) { // defensive: Resilience4j returned although the predicate said no
                    finishFailed(op, attempt, start, c, failure, permittedIn);
                    throw rethrow(failure);
                }
                try {
                    long delay = PLANNED.get()[0];
                    if (confirm && delay > 0) {
                        // the connection broke, not necessarily the database: once a connect confirms the server
                        // accepts connections, the first retry (admitted by the budget above) runs at once; the time
                        // the confirmation took counts against the drawn backoff, which stays the upper bound
                        boolean accepting = recovery.acceptingSince(end);
                        long spent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - end);
                        if (accepting) {
                            skippedBackoff(op, c.sqlState(), delay, spent);
                            continue;
                        }
                        delay = Math.max(0, delay - spent);
                    }
                    backoff(op, attempt, delay, attemptStart);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    finishFailed(op, attempt, start, c, failure, permittedIn);
                    throw rethrow(failure);
                }
            }
        }
    }

    /** The backoff before the next attempt: its drawn length, or until the database is seen back if sooner. */
    private void backoff(String op, int attempt, long delayMs, long attemptStart) throws InterruptedException {
        if (delayMs <= 0) {
            return;
        }
        if (recovery == null) {
            Thread.sleep(delayMs);
            return;
        }
        long slept = recovery.sleepUnlessBack(delayMs, attemptStart);
        if (slept < delayMs) {
            String line = "backoff after attempt " + attempt + " ended at " + slept + " of " + delayMs
                    + " ms: database accepting connections again (recovery probe)";
            LOG.info("{} - {} {}", name, op, line);
            recorder.record(at -> new io.chaosharness.core.event.NoteEvent(at, name, op + ": " + line));
        }
    }

    private void skippedBackoff(String op, String sqlState, long delayMs, long spentMs) {
        String line = "backoff after attempt 1 (" + delayMs + " ms) skipped after " + spentMs + " ms: the connection "
                + "broke (" + sqlState + ") and the database accepts connections (recovery probe)";
        LOG.info("{} - {} {}", name, op, line);
        recorder.record(at -> new io.chaosharness.core.event.NoteEvent(at, name, op + ": " + line));
    }

    private static SQLException rethrow(Exception failure) {
        if (failure instanceof SQLException sql) {
            return sql;
        }
        throw (RuntimeException) failure;
    }

    private boolean acquirePermission() {
        boolean permitted = breaker.tryAcquirePermission();
        observeBreaker();
        return permitted;
    }

    private void recordFailedAttempt(String op, int attempt, double ms, Classification c, Throwable failure,
                                     boolean connected) {
        String cls = c.failureClass().name();
        String msg = masker.apply(String.valueOf(failure.getMessage()));
        recorder.record(at -> new AttemptEvent(at, op, attempt, ms, Outcome.FAILURE, cls, c.sqlState(), msg));
        if (c.failureClass() == FailureClass.POOL_EXHAUSTED && !connected) {
            poolTimeouts.onPoolTimeout(op, Math.round(ms));
        }
    }

    private void finishFailed(String op, int attempts, long start, Classification c, Throwable failure,
                              Object permittedIn) {
        long end = System.nanoTime();
        if (breaker != null) {
            Object now = breakerPhase();
            if (now == permittedIn) {
                breaker.onError(end - start, TimeUnit.NANOSECONDS, failure);
                observeBreaker();
            } else {
                notRecordedAgainstBreaker(op, c);
            }
        }
        String cls = c.failureClass().name();
        double opMs = (end - start) / 1e6;
        LOG.warn("{} - {} failed after {} attempt(s): {} {}", name, op, attempts, cls, c.sqlState());
        recorder.record(at -> new OperationEvent(at, op, attempts, opMs, Outcome.FAILURE, cls));
    }

    /**
     * Which state of the breaker is current: Resilience4j 2.x keeps one metrics object per CLOSED and per HALF_OPEN
     * state it enters (an OPEN state shares its predecessor's), so a different object means at least one transition
     * since. Used so that a half-open breaker's trial is decided only by operations that started as its trials, and a
     * breaker that just closed is not reopened by operations from before: a failure is recorded only if the phase
     * read right after its permission is still the current one. A permission taken in the current phase is always
     * recorded (every read between that permission and now names the current phase); a failure in the current phase
     * of an operation permitted earlier can still be recorded (the read came after an OPEN that shares metrics), which
     * is what the breaker did before. {@code RetryExecutorTest} shows both directions.
     */
    private Object breakerPhase() {
        return breaker.getMetrics();
    }

    /**
     * A failure of an operation permitted before the breaker's latest transition: its attempts began under the earlier
     * state (for example pool waits begun in the outage that a half-open breaker's trials have outlived), so it is
     * neither a trial of the current half-open state nor a call of the closed state that followed. Not recorded on
     * the breaker, said on the timeline.
     */
    private void notRecordedAgainstBreaker(String op, Classification c) {
        String state = breaker.getState().name();
        String line = "failure (" + c.failureClass() + ") not recorded against the breaker, now " + state
                + ": the operation's permission was taken before the breaker's latest transition";
        LOG.info("{} - {} {}", name, op, line);
        recorder.record(at -> new io.chaosharness.core.event.NoteEvent(at, name, op + ": " + line));
    }

    /** The circuit breaker, if enabled. */
    public Optional<CircuitBreaker> breaker() {
        return Optional.ofNullable(breaker);
    }

    /** The breaker's state name ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ...) or {@code DISABLED}. */
    public String breakerState() {
        return breaker == null ? "DISABLED" : breaker.getState().name();
    }

    /** The shared retry budget, if enabled. */
    public Optional<RetryBudget> budget() {
        return Optional.ofNullable(budget);
    }

    public ResilienceConfig config() {
        return config;
    }

    public FailureClassifier classifier() {
        return classifier;
    }

    public String name() {
        return name;
    }

    /** Carries one failed attempt through Resilience4j's retry context; never leaves this class. */
    static final class AttemptFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient String operation;
        final int attempt;
        final transient Classification classification;
        final boolean willRetry;

        AttemptFailure(String operation, int attempt, Classification classification, Throwable cause, boolean willRetry) {
            super(null, cause, false, false);
            this.operation = operation;
            this.attempt = attempt;
            this.classification = classification;
            this.willRetry = willRetry;
        }
    }
}
