/**
 * Faults: a sealed family of small records ({@link io.chaosharness.chaos.Fault}) for proxy toxics (latency, bandwidth,
 * slow close, timeout, reset peer, slicer, limit data, connection cut, proxy down) and database-level faults
 * (restart, termination of the harness's own backends, connection limit), applied through the Toxiproxy client by a
 * {@link io.chaosharness.chaos.FaultInjector} that records each one on the timeline, and schedules of them
 * ({@link io.chaosharness.chaos.FaultSchedule}), fixed or drawn from a seed.
 */
package io.chaosharness.chaos;
