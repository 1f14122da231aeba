/**
 * Health metrics derived from the timeline ({@link io.chaosharness.health.HealthMetrics}): success rate, latency
 * percentiles, retries, budget refusals, breaker state, pool gauges and pg_stat_activity counts, rendered as the seed
 * plan's health JSON ({@link io.chaosharness.health.HealthReport}) and debug view
 * ({@link io.chaosharness.health.DebugReport}).
 */
package io.chaosharness.health;
