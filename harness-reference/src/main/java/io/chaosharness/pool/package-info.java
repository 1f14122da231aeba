/**
 * The reference pool: {@link io.chaosharness.pool.DatabaseUrl} parses the seed plan's URL
 * ({@code connection_limit, pool_timeout, connect_timeout, statement_timeout} plus pgjdbc properties),
 * {@link io.chaosharness.pool.PoolSettings} adds the pool name, application name and the socketTimeout rule, and
 * {@link io.chaosharness.pool.ReferencePool} starts HikariCP over pgjdbc with retries, breaker, availability check and
 * health metrics, exposing the effective settings it read back.
 */
package io.chaosharness.pool;
