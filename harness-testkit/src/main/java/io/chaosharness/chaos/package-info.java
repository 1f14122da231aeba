/**
 * Faults: a sealed family of small records ({@link io.chaosharness.chaos.Fault}) for proxy toxics (latency, bandwidth,
 * slow close, timeout, reset peer, slicer, limit data, connection cut, proxy down) and database-level faults
 * (restart, termination of the harness's own backends, connection limit), applied by a
 * {@link io.chaosharness.chaos.FaultInjector} that records each one on the timeline, and schedules of them
 * ({@link io.chaosharness.chaos.FaultSchedule}), fixed or drawn from a seed. Faults speak the harness's own terms
 * ({@link io.chaosharness.chaos.ToxicSpec}: {@link io.chaosharness.chaos.ToxicType},
 * {@link io.chaosharness.chaos.Direction}, toxicity, attributes); {@link io.chaosharness.chaos.ToxiproxyDriver} is the
 * one class that translates them to the Toxiproxy HTTP API.
 */
package io.chaosharness.chaos;
