/**
 * The seed plan's availability check: bounded {@code SELECT 1} attempts with backoff
 * ({@link io.chaosharness.availability.AvailabilityChecker}), each recorded as an {@code AvailabilityCheckEvent}.
 */
package io.chaosharness.availability;
