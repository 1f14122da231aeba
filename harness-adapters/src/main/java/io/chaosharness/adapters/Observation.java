package io.chaosharness.adapters;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running adapter: it records onto one run's timeline until {@link #close()}. Closing is optional where the observed
 * object lives no longer than the system under test (a pool closed in its {@code close()} stops its own sampler);
 * close it where the object outlives the run (a {@code Retry} from an application-wide registry), or its events keep
 * going to a finished run's timeline.
 */
public final class Observation implements AutoCloseable {

    private final String source;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Runnable onClose;

    public Observation(String source, Runnable onClose) {
        this.source = source;
        this.onClose = onClose;
    }

    /** What is observed, e.g. {@code resilience4j retry 'login'}. */
    public String source() {
        return source;
    }

    /** Whether events are still recorded. */
    public boolean isOpen() {
        return open.get();
    }

    /** Stops recording; idempotent. */
    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "Observation{" + source + (isOpen() ? "" : ", closed") + "}";
    }
}
