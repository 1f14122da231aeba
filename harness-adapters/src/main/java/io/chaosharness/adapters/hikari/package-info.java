/** HikariCP's pool gauges and pool timeouts on the run's timeline ({@link io.chaosharness.adapters.hikari.HikariAdapter}). */
package io.chaosharness.adapters.hikari;
