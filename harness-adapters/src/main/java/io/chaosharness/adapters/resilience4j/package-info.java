/**
 * Resilience4j on the run's timeline, one class per Resilience4j module so that a system needs only the modules it
 * uses: {@link io.chaosharness.adapters.resilience4j.RetryAdapter} (retries),
 * {@link io.chaosharness.adapters.resilience4j.CircuitBreakerAdapter} (state transitions) and
 * {@link io.chaosharness.adapters.resilience4j.BulkheadAdapter} (refused calls).
 */
package io.chaosharness.adapters.resilience4j;
