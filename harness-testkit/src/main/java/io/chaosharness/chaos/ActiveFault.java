package io.chaosharness.chaos;

import io.chaosharness.core.Secrets;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.FaultEvent;
import io.chaosharness.core.event.NoteEvent;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A fault that is in effect. {@link #close()} removes it — idempotently, with bounded control calls — and records the
 * {@code REMOVED} event; use try-with-resources to bound a fault to a block.
 */
public final class ActiveFault implements AutoCloseable {

    private final String id;
    private final Fault fault;
    private final Instant appliedAt;
    private final Fault.Removal removal;
    private final EventRecorder recorder;
    private final Consumer<ActiveFault> onRemoved;
    private boolean removed;

    ActiveFault(String id, Fault fault, Instant appliedAt, Fault.Removal removal, EventRecorder recorder,
            Consumer<ActiveFault> onRemoved) {
        this.id = id;
        this.fault = fault;
        this.appliedAt = appliedAt;
        this.removal = removal;
        this.recorder = recorder;
        this.onRemoved = onRemoved;
    }

    /** The fault's id on the timeline, e.g. {@code f3}. */
    public String id() {
        return id;
    }

    public Fault fault() {
        return fault;
    }

    public Instant appliedAt() {
        return appliedAt;
    }

    public synchronized boolean isRemoved() {
        return removed;
    }

    /**
     * Removes the fault. A second call does nothing. If removal fails (e.g. the control API does not answer within its
     * timeout) the fault stays active, the failure is noted on the timeline and thrown, and a later close or the
     * injector's reset can try again.
     */
    @Override
    public synchronized void close() {
        if (removed) {
            return;
        }
        try {
            removal.remove();
        } catch (Exception e) {
            String message = Secrets.mask(String.valueOf(e.getMessage()));
            recorder.record(at -> new NoteEvent(at, "chaos", "removing " + id + " (" + fault.kind() + ") failed: " + message));
            throw new FaultRemovalException(id + " (" + fault.describe() + ") could not be removed: " + message, e);
        }
        removed = true;
        recorder.record(at -> new FaultEvent(at, id, FaultEvent.Phase.REMOVED, fault.kind(), fault.describe()));
        onRemoved.accept(this);
    }

    @Override
    public String toString() {
        return id + " " + fault.describe() + (isRemoved() ? " (removed)" : " (active since " + appliedAt + ")");
    }

    /** A fault could not be removed. */
    public static final class FaultRemovalException extends RuntimeException {
        FaultRemovalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
