package io.chaosharness.scenario;

import java.util.Objects;

/**
 * One kind of logical operation a workload issues to the system under test, e.g. a read, a login or a write. The body
 * calls the system ({@code read}, {@code write}, {@code login}, {@code available}); the runner records the outcome of
 * each body as one {@code CallEvent} (latency, success, failure class, fallback), and the system may add its own
 * events. A body that throws is a failed operation.
 *
 * @param name   the operation's name on the timeline
 * @param writes whether it changes the database or needs fixtures the harness writes (skipped by read-only runs)
 */
public record WorkloadOperation(String name, boolean writes, Body body) {

    public WorkloadOperation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    /** What one operation does. */
    @FunctionalInterface
    public interface Body {
        void run(OperationContext context) throws Exception;
    }
}
