/**
 * Adapters that put a system's internals on the run's timeline in one line each, from the system under test's
 * {@code start(SystemContext)}: {@link io.chaosharness.adapters.hikari.HikariAdapter} (pool gauges and timeouts) and
 * the Resilience4j adapters of {@link io.chaosharness.adapters.resilience4j} (retries, breaker transitions,
 * bulkhead rejections). Each records the events the criteria already read and an {@code InsightEvent} saying what it exposes,
 * so that zero retries is a measurement rather than missing data. The libraries are optional dependencies.
 */
package io.chaosharness.adapters;
