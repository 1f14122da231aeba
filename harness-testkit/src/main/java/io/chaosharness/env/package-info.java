/**
 * Where PostgreSQL and the proxy come from: a {@link io.chaosharness.env.ChaosEnvironment} is a real PostgreSQL
 * behind a Toxiproxy API, with an admin connection that bypasses the proxy and a {@code DATABASE_URL} that goes
 * through it. Providers: {@code embedded} (Maven-provided PostgreSQL 17 and the embedded proxy), {@code containers}
 * (Testcontainers, the real Toxiproxy image) and {@code external} (a database the user names). Select with
 * {@code HARNESS_ENV}; build with {@link io.chaosharness.env.Environments}.
 */
package io.chaosharness.env;
