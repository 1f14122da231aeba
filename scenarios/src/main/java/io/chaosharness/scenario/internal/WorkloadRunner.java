package io.chaosharness.scenario.internal;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.Seeds;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.scenario.Workload;
import io.chaosharness.scenario.WorkloadOperation;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Workload}: per lane a fixed pool of {@code concurrency} worker threads, each issuing operations until
 * the lane's count or time bound is reached or {@link #stop()} is called. Operation outcomes are recorded by the
 * {@link Invoker} (the runner, around each call into the system under test), not here; this class only notes lane
 * starts and ends, and bodies that failed other than with an {@code SQLException}.
 */
public final class WorkloadRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadRunner.class);

    /** Runs one operation body with the worker's random source and a run-unique sequence number. */
    @FunctionalInterface
    public interface Invoker {
        void invoke(WorkloadOperation operation, RandomGenerator random, long sequence) throws Exception;
    }

    private final String scenario;
    private final Workload workload;
    private final Invoker invoker;
    private final long seed;
    private final EventRecorder recorder;
    private final List<ExecutorService> executors = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong issued = new AtomicLong();
    private final ConcurrentHashMap<Thread, Long> inFlight = new ConcurrentHashMap<>();
    private long startNanos;

    public WorkloadRunner(String scenario, Workload workload, Invoker invoker, long seed, EventRecorder recorder) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.seed = seed;
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** Starts every lane (each waits for its start offset on its own workers). */
    public synchronized void start() {
        if (startNanos != 0) {
            throw new IllegalStateException(scenario + ": workload already started");
        }
        startNanos = System.nanoTime();
        for (Workload.Lane lane : workload.lanes()) {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService ex = Executors.newFixedThreadPool(lane.concurrency(), r -> {
                Thread t = new Thread(r, scenario + "-" + lane.name() + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executors.add(ex);
            AtomicLong laneIssued = new AtomicLong();
            AtomicInteger workersLeft = new AtomicInteger(lane.concurrency());
            for (int w = 0; w < lane.concurrency(); w++) {
                int worker = w;
                ex.execute(() -> runWorker(lane, worker, laneIssued, workersLeft));
            }
            ex.shutdown();
        }
    }

    private void runWorker(Workload.Lane lane, int worker, AtomicLong laneIssued, AtomicInteger workersLeft) {
        RandomGenerator random = Seeds.forComponent(seed, "workload/" + scenario + "/" + lane.name() + "/" + worker);
        int totalWeight = lane.mix().stream().mapToInt(Workload.Weighted::weight).sum();
        long laneStart = startNanos + lane.startOffset().toNanos();
        long laneDeadline = laneStart + lane.duration().toNanos();
        long pacing = lane.pacing().toNanos();
        if (!parkUntil(laneStart)) {
            return;
        }
        if (worker == 0) {
            recorder.record(at -> new NoteEvent(at, scenario, "lane " + lane.name() + " started: "
                    + lane.concurrency() + " workers, at most " + lane.maxOperations() + " operations in "
                    + lane.duration().toMillis() + " ms"));
        }
        // paced workers spread their first operation over one pacing period, as independent users do, instead of
        // all arriving in the same instant
        long next = laneStart + pacing / lane.concurrency() * worker;
        if (next > System.nanoTime() && !parkUntil(Math.min(next, laneDeadline))) {
            return;
        }
        next = Math.max(next, System.nanoTime());
        try {
            while (!stopped.get() && System.nanoTime() < laneDeadline
                    && laneIssued.incrementAndGet() <= lane.maxOperations()) {
                WorkloadOperation op = pick(lane, random, totalWeight);
                long seq = sequence.incrementAndGet();
                issued.incrementAndGet();
                inFlight.put(Thread.currentThread(), System.nanoTime());
                try {
                    invoker.invoke(op, random, seq);
                } catch (SQLException expected) {
                    // a failed call: the invoker recorded it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception | Error unexpected) {
                    String message = Secrets.mask(unexpected.getClass().getSimpleName() + ": "
                            + unexpected.getMessage());
                    LOG.warn("{} - {} failed outside the pool: {}", scenario, op.name(), message);
                    recorder.record(at -> new NoteEvent(at, scenario, op.name() + " failed outside the pool: "
                            + message));
                } finally {
                    inFlight.remove(Thread.currentThread());
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                next += pacing;
                long now = System.nanoTime();
                if (next < now) {
                    next = now; // fell behind (slow operation): do not burst to catch up
                } else if (!parkUntil(Math.min(next, laneDeadline))) {
                    return;
                }
            }
        } finally {
            if (workersLeft.decrementAndGet() == 0) {
                long ops = Math.min(laneIssued.get(), lane.maxOperations());
                recorder.record(at -> new NoteEvent(at, scenario, "lane " + lane.name() + " ended after " + ops
                        + " operations"));
            }
        }
    }

    /** Pacing: parks until {@code deadline} (nanoTime) unless stopped or interrupted; returns whether to go on. */
    private boolean parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (stopped.get() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return !stopped.get() && !Thread.currentThread().isInterrupted();
    }

    private static WorkloadOperation pick(Workload.Lane lane, RandomGenerator random, int totalWeight) {
        if (lane.mix().size() == 1) {
            return lane.mix().get(0).operation();
        }
        int r = random.nextInt(totalWeight);
        for (Workload.Weighted w : lane.mix()) {
            r -= w.weight();
            if (r < 0) {
                return w.operation();
            }
        }
        return lane.mix().get(lane.mix().size() - 1).operation();
    }

    /** Waits up to {@code max} for every worker to finish; returns whether they did. */
    public boolean awaitCompletion(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        for (ExecutorService ex : executors) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ex.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every worker has finished. */
    public boolean isDone() {
        return executors.stream().allMatch(ExecutorService::isTerminated);
    }

    /** Operations issued so far. */
    public long issued() {
        return issued.get();
    }

    /** Workers inside an operation now, with how long they have been in it. */
    public List<String> inFlight() {
        List<String> out = new ArrayList<>();
        long now = System.nanoTime();
        inFlight.forEach((t, since) -> out.add(t.getName() + " for " + (now - since) / 1_000_000 + " ms"));
        return out;
    }

    /** Issues no new operations; operations in flight finish. */
    public void stop() {
        stopped.set(true);
    }

    /** Stops and interrupts every worker. */
    @Override
    public void close() {
        stop();
        executors.forEach(ExecutorService::shutdownNow);
    }
}
