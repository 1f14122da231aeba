/**
 * An embedded, Toxiproxy 2.12-compatible fault proxy: {@link io.chaosharness.proxy.ToxiproxyServer} serves the
 * Toxiproxy HTTP API (so the toxiproxy-java client and toxiproxy-cli work unmodified) and runs the TCP proxies it
 * creates. The API is served by {@code ApiHttpServer}, a small non-blocking HTTP/1.1 server on which slow or hostile
 * clients hold connections, never threads. Unlike Toxiproxy, its seed really replays jitter, toxicity and slicing;
 * removing a toxic never waits for traffic; and {@code reset_peer} sends RST only on links where it is active. Toxics
 * live in {@link io.chaosharness.proxy.toxic}.
 *
 * <p>Data plane: {@code DataPlane} holds a few {@code EventLoop}s (NIO selectors) that accept, dial, read and, with
 * no active toxic, relay; {@code Link} hands a direction's chunks to a pooled thread only while a toxic is active.
 * {@code ProxyMetrics} is what {@code GET /metrics} serves.
 */
package io.chaosharness.proxy;
