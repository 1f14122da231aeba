/**
 * The system under test as a type: {@link io.chaosharness.sut.SystemUnderTest} is what scenarios drive (reads, writes
 * under an idempotency key, a login that may fall back, a health check), with its start context
 * ({@link io.chaosharness.sut.SystemContext}), the harness-supplied unit of work ({@link io.chaosharness.sut.SqlWork})
 * and the login outcome ({@link io.chaosharness.sut.LoginResult}). Nothing here knows the reference design; it
 * implements these types like any other system would.
 */
package io.chaosharness.sut;
