/**
 * Toxics of the embedded Toxiproxy-compatible proxy: one small record per toxic behind {@link
 * io.chaosharness.proxy.toxic.Toxic}, registered by name through {@code META-INF/services}, so adding a toxic is one
 * class and one line of registration and changes nothing else. The record components are the toxic's JSON
 * {@code attributes}, in declaration order.
 */
package io.chaosharness.proxy.toxic;
