package io.chaosharness.chaos;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.env.ChaosEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies {@link Fault}s to a {@link ChaosEnvironment} and puts every application and removal on the timeline as a
 * {@link FaultEvent}. Thread-safe.
 * <pre>{@code
 * try (ActiveFault down = injector.inject(new ProxyDown())) {
 *     // the database is unreachable through the proxy here
 * }
 * }</pre>
 * {@link #removeAll()} (and {@link #close()}) removes every active fault and resets the proxy, so nothing outlives a
 * test even when it fails.
 */
public final class FaultInjector implements AutoCloseable {

    private final ChaosEnvironment environment;
    private final EventRecorder recorder;
    private final AtomicInteger ids = new AtomicInteger();
    private final List<ActiveFault> active = new CopyOnWriteArrayList<>();
    private final List<ScheduledFaults> schedules = new CopyOnWriteArrayList<>();

    public FaultInjector(ChaosEnvironment environment, EventRecorder recorder) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    public ChaosEnvironment environment() {
        return environment;
    }

    public EventRecorder recorder() {
        return recorder;
    }

    /**
     * Applies {@code fault} now and returns its handle; close it to remove the fault.
     *
     * @throws UnsupportedOperationException when the environment does not allow a database-level fault
     * @throws FaultInjectionException when a control call fails or times out (nothing stays applied then)
     */
    public ActiveFault inject(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        String id = "f" + ids.incrementAndGet();
        Fault.Applied applied;
        try {
            applied = fault.apply(new FaultContext(environment, id));
        } catch (UnsupportedOperationException e) {
            throw e;
        } catch (Exception e) {
            throw new FaultInjectionException(id + " (" + fault.describe() + ") could not be applied on the "
                    + environment.capabilities().provider() + " environment: " + Secrets.mask(String.valueOf(e.getMessage())), e);
        }
        FaultEvent event = recorder.record(at -> new FaultEvent(at, id, FaultEvent.Phase.APPLIED, fault.kind(),
                applied.description()));
        ActiveFault handle = new ActiveFault(id, fault, event.at(), applied.removal(), recorder, active::remove);
        active.add(handle);
        return handle;
    }

    /** A plain database restart: fast shutdown and start, recorded as one fault window. */
    public void restartDatabase() {
        inject(new DatabaseRestart()).close();
    }

    /** Runs {@code schedule} in the background; close the handle to stop it and remove what it applied. */
    public ScheduledFaults schedule(FaultSchedule schedule) {
        ScheduledFaults run = new ScheduledFaults(this, schedule);
        schedules.add(run);
        run.start();
        return run;
    }

    /** The faults in effect now, oldest first. */
    public List<ActiveFault> active() {
        return List.copyOf(active);
    }

    /**
     * Stops every schedule, removes every active fault (newest first), then resets the proxy ({@code /reset}) so that
     * toxics added behind the injector's back go too. Tries everything before it throws the first failure.
     */
    public void removeAll() {
        RuntimeException first = null;
        for (ScheduledFaults s : schedules) {
            try {
                s.cancel();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        schedules.clear();
        List<ActiveFault> toRemove = new ArrayList<>(active);
        java.util.Collections.reverse(toRemove);
        // Two passes: a removal may depend on another (a connection limit needs the database a restart fault holds down).
        for (int pass = 0; pass < 2 && !toRemove.isEmpty(); pass++) {
            List<ActiveFault> failed = new ArrayList<>();
            for (ActiveFault f : toRemove) {
                try {
                    f.close();
                } catch (RuntimeException e) {
                    failed.add(f);
                    if (pass == 1) {
                        first = first == null ? e : first;
                    }
                }
            }
            toRemove = failed;
        }
        if (environment.isRunning()) {
            try {
                environment.resetProxy();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** {@link #removeAll()}. */
    @Override
    public void close() {
        removeAll();
    }

    /** A fault could not be applied. */
    public static final class FaultInjectionException extends RuntimeException {
        FaultInjectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
