package io.chaosharness.chaos;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.NoteEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FaultSchedule} running in the background on one daemon thread. {@link #close()} stops it and removes every
 * fault it applied; {@link #awaitCompletion(Duration)} waits (bounded) for the last window to end. A fault that cannot
 * be applied is noted on the timeline and kept in {@link #failures()}; the schedule goes on.
 */
public final class ScheduledFaults implements AutoCloseable {

    private final FaultInjector injector;
    private final FaultSchedule schedule;
    private final ScheduledExecutorService executor;
    private final List<ScheduledFuture<?>> futures = new ArrayList<>();
    private final List<ActiveFault> applied = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private final CountDownLatch done;

    ScheduledFaults(FaultInjector injector, FaultSchedule schedule) {
        this.injector = injector;
        this.schedule = schedule;
        this.done = new CountDownLatch(schedule.entries().size());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chaos-schedule");
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void start() {
        for (FaultSchedule.Entry entry : schedule.entries()) {
            futures.add(executor.schedule(() -> applyWindow(entry), entry.at().toNanos(), TimeUnit.NANOSECONDS));
        }
    }

    private void applyWindow(FaultSchedule.Entry entry) {
        ActiveFault fault;
        try {
            fault = injector.inject(entry.fault());
        } catch (RuntimeException e) {
            failed(entry, "apply", e);
            done.countDown();
            return;
        }
        applied.add(fault);
        synchronized (this) {
            if (executor.isShutdown()) {
                removeWindow(entry, fault);
                return;
            }
            futures.add(executor.schedule(() -> removeWindow(entry, fault), entry.duration().toNanos(),
                    TimeUnit.NANOSECONDS));
        }
    }

    private void removeWindow(FaultSchedule.Entry entry, ActiveFault fault) {
        try {
            fault.close();
        } catch (RuntimeException e) {
            failed(entry, "remove", e);
        } finally {
            done.countDown();
        }
    }

    private void failed(FaultSchedule.Entry entry, String what, RuntimeException e) {
        failures.add(e);
        String message = Secrets.mask(String.valueOf(e.getMessage()));
        injector.recorder().record(at -> new NoteEvent(at, "chaos-schedule",
                "could not " + what + " scheduled " + entry.fault().describe() + ": " + message));
    }

    public FaultSchedule schedule() {
        return schedule;
    }

    /** The faults applied so far (removed or not). */
    public List<ActiveFault> applied() {
        return List.copyOf(applied);
    }

    /** Faults that could not be applied or removed. */
    public List<Exception> failures() {
        return List.copyOf(failures);
    }

    /** Waits until every window has been applied and removed, at most {@code max}; returns whether it finished. */
    public boolean awaitCompletion(Duration max) throws InterruptedException {
        return done.await(max.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops what has not run yet and removes every fault this schedule applied. */
    void cancel() {
        synchronized (this) {
            futures.forEach(f -> f.cancel(false));
            executor.shutdownNow();
        }
        RuntimeException first = null;
        for (ActiveFault f : applied) {
            try {
                f.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        cancel();
    }
}
