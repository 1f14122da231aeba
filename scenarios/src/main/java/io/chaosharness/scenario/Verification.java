package io.chaosharness.scenario;

/**
 * A fact the runner checked after the workload, outside the pool's own events: rows found through the admin
 * connection, workers still running at the deadline, backends that survived. The runner also places it on the
 * timeline as a {@code NoteEvent} (source {@code "verify"}), so the result file shows it.
 *
 * @param name          stable name criteria look it up by, e.g. {@code "acknowledged-writes-present"}
 * @param passed        whether the fact is as it should be
 * @param measured      display string of what was found
 * @param measuredValue the number found, where there is one
 */
public record Verification(String name, boolean passed, String measured, double measuredValue) {

    /** The note text placed on the timeline. */
    public String note() {
        return name + ": " + measured + (passed ? "" : " (NOT as expected)");
    }
}
