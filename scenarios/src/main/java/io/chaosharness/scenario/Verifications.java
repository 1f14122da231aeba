package io.chaosharness.scenario;

/** Names of the runner's own end-of-run {@link Verification}s. */
public final class Verifications {

    /** Every workload worker finished within the planned time plus the drain limit (no hung thread). */
    public static final String WORKERS_FINISHED = "workers-finished";
    /** Every acknowledged write is stored exactly once. */
    public static final String WRITES_PRESENT = "acknowledged-writes-present";

    private Verifications() {
    }
}
