package io.chaosharness.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * One fault window as written to {@code faults[]}: what the timeline shows happened, offsets from the run's start.
 *
 * @param durationMs {@code null} when the fault was never removed within the run
 */
public record FaultRecord(String id, String kind, String description, long startOffsetMs, Long durationMs) {

    /** The windows of {@code timeline}. */
    public static List<FaultRecord> of(RunTimeline timeline) {
        List<FaultRecord> out = new ArrayList<>();
        for (ObservedFault f : timeline.faults()) {
            out.add(new FaultRecord(f.id(), f.kind(), f.description(), timeline.offsetMs(f.applied()),
                    f.duration() == null ? null : f.duration().toMillis()));
        }
        return out;
    }
}
