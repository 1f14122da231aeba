/**
 * The small shared core every capability builds on: the event timeline ({@link io.chaosharness.core.event}),
 * seeded randomness ({@link io.chaosharness.core.Seeds}), the one secret masking rule
 * ({@link io.chaosharness.core.Secrets}) and the one percentile function ({@link io.chaosharness.core.Percentiles}).
 * The result schema lives beside it in {@link io.chaosharness.result}.
 * Time comes from an injected {@link java.time.Clock}; nothing here keeps global mutable state.
 */
package io.chaosharness.core;
