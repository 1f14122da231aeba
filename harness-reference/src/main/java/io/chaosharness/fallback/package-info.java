/**
 * Authentication with the emergency-admin fallback: {@link io.chaosharness.fallback.UserStore} (a small users table
 * with PBKDF2 hashes from {@link io.chaosharness.fallback.PasswordHasher}) and
 * {@link io.chaosharness.fallback.FallbackAuthenticator}, which falls back only when the availability check judges the
 * database unavailable, and then only for the {@link io.chaosharness.fallback.BreakGlassCredential}.
 */
package io.chaosharness.fallback;
