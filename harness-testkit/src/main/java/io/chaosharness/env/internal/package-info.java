/**
 * Machinery behind the environments: the embedded server's lifecycle, the instance registry, the sweeper of
 * containers left by killed runs, bounded control calls.
 */
package io.chaosharness.env.internal;
