/**
 * The open-model load generator for applications judged over HTTP: {@link io.chaosharness.blackbox.load.LoadDriver}
 * sends a spec's journeys at their planned times and records every request as a
 * {@link io.chaosharness.blackbox.load.RequestOutcome} and a {@code CallEvent} on the run's timeline, latency counted
 * from the planned time; {@link io.chaosharness.blackbox.load.Preflight} checks the spec against the application
 * before a run; {@link io.chaosharness.blackbox.load.TargetGuard} keeps load on loopback unless the run allows more.
 */
package io.chaosharness.blackbox.load;
