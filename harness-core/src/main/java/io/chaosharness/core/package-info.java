/**
 * The small shared core every capability builds on: the event timeline ({@link io.chaosharness.core.event}),
 * seeded randomness ({@link io.chaosharness.core.Seeds}) and secret masking ({@link io.chaosharness.core.Secrets}).
 * Time comes from an injected {@link java.time.Clock}; nothing here keeps global mutable state.
 */
package io.chaosharness.core;
