/**
 * Resilience4j's retries, circuit-breaker transitions and bulkhead rejections on the run's timeline
 * ({@link io.chaosharness.adapters.resilience4j.Resilience4jAdapter}).
 */
package io.chaosharness.adapters.resilience4j;
