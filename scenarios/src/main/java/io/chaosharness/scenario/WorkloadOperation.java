package io.chaosharness.scenario;

import java.util.Objects;

/**
 * One kind of logical operation a workload issues through the reference pool, e.g. a read, an authentication or a
 * write. The body goes through the pool ({@code withRetry}, {@code withIdempotencyKey}, the authenticator), which
 * records its attempts and outcome on the timeline; the workload records nothing itself. A body that throws is a
 * failed operation (already on the timeline).
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
