/** Machinery behind the environments: the embedded server's lifecycle, the instance registry, bounded control calls. */
package io.chaosharness.env.internal;
