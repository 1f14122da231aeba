/**
 * Retries on Resilience4j: {@link io.chaosharness.retry.FailureClassifier} reads SQLStates,
 * {@link io.chaosharness.retry.RetryRules} decides whether a failed attempt may be repeated (idempotency),
 * {@link io.chaosharness.retry.SeededBackoff} draws replayable jitter, {@link io.chaosharness.retry.RetryBudget}
 * caps retries across all callers, and {@link io.chaosharness.retry.RetryExecutor} puts them together with a circuit
 * breaker outside the retry, recording every attempt, retry, refusal and transition on the timeline.
 */
package io.chaosharness.retry;
