package io.chaosharness.result;

/**
 * One fault window as written to {@code faults[]}: what the timeline shows happened, offsets from the run's start.
 *
 * @param id            the window's fault id ({@code f1}, ...), the key of {@code recovery[]}
 * @param kind          the fault's kind ({@code proxy-down}, {@code latency}, ...)
 * @param startOffsetMs from {@code startedAt} to the fault's application; {@code null} only when read from a file
 *                      that lacks it
 * @param durationMs    {@code null} when the fault was never removed within the run
 */
public record FaultRecord(String id, String kind, String description, Long startOffsetMs, Long durationMs) {
}
