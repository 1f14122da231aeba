/**
 * The reference service ({@code ./harness app}): a small HTTP service in front of the
 * {@link io.chaosharness.pool.ReferencePool} with the seed plan's endpoints — database login with the emergency-admin
 * fallback, the admin users list that the load tests drive, the health endpoint (served from memory, never blocked
 * by the database) and the admin-only debug view. {@link io.chaosharness.app.ReferenceService} is the entry point.
 */
package io.chaosharness.app;
