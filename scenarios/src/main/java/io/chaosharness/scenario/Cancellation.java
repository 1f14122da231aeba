package io.chaosharness.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cooperative cancel for scenario runs, passed in {@link RunOptions.Builder#cancellation}. Once {@link #cancel}
 * is called the scenario in progress stops its workload (interrupting only the workload's own workers), removes its
 * faults, closes its pool and ends with verdict {@code aborted}; {@link ScenarioRunner#runAll} starts no further
 * scenario. The caller's thread is never interrupted, so no cleanup is cut short; a cancel during set-up takes effect
 * at the next checkpoint (after the pool starts, after warm-up). Safe to call from any thread (e.g. a shutdown hook), any number of times.
 */
public final class Cancellation {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /** Cancels, saying why (e.g. {@code "Ctrl-C or SIGTERM"}); later calls change nothing. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = Objects.requireNonNullElse(why, "cancelled");
        }
        listeners.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, once it was. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Runs {@code action} on cancel (now if already cancelled); close the result to stop listening. */
    AutoCloseable onCancel(Runnable action) {
        listeners.add(action);
        if (isCancelled()) {
            action.run();
        }
        return () -> listeners.remove(action);
    }
}
