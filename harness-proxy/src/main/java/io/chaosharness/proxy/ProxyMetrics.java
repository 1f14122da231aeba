package io.chaosharness.proxy;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What {@code GET /metrics} serves, as Toxiproxy's {@code collectors/} package has it: with {@code -proxy-metrics}
 * the byte counters {@code toxiproxy_proxy_received_bytes_total} (read from a link's source, before the toxics) and
 * {@code toxiproxy_proxy_sent_bytes_total} (written to its destination, after them), labelled {@code direction},
 * {@code listener}, {@code proxy}, {@code upstream}; with {@code -runtime-metrics} the runtime's own metrics, which
 * for a JVM are the Prometheus Java client's {@code jvm_*} and {@code process_*} families (a JVM has no goroutines).
 * With neither flag the route does not exist (404), as in Toxiproxy.
 *
 * <p>One registry per server, so two embedded servers in one JVM never mix their counters. Toxiproxy adds a link's
 * bytes when the link ends; here they are added as they flow, so a scrape sees long-lived connections too.
 */
final class ProxyMetrics {

    /** Counts the bytes of one link; {@link #NONE} when proxy metrics are off. */
    interface LinkCounter {
        LinkCounter NONE = new LinkCounter() {
            @Override
            public void received(int bytes) {
            }

            @Override
            public void sent(int bytes) {
            }
        };

        void received(int bytes);

        void sent(int bytes);
    }

    private final PrometheusRegistry registry;
    private final Counter received;
    private final Counter sent;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private ProxyMetrics(PrometheusRegistry registry, Counter received, Counter sent) {
        this.registry = registry;
        this.received = received;
        this.sent = sent;
    }

    /** The metrics for the flags {@code -proxy-metrics} and {@code -runtime-metrics}; either may be off. */
    static ProxyMetrics create(boolean proxyMetrics, boolean runtimeMetrics) {
        if (!proxyMetrics && !runtimeMetrics) {
            return new ProxyMetrics(null, null, null);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter received = null;
        Counter sent = null;
        if (proxyMetrics) {
            received = Counter.builder().name("toxiproxy_proxy_received_bytes_total")
                    .labelNames("direction", "proxy", "listener", "upstream").register(registry);
            sent = Counter.builder().name("toxiproxy_proxy_sent_bytes_total")
                    .labelNames("direction", "proxy", "listener", "upstream").register(registry);
        }
        if (runtimeMetrics) {
            JvmMetrics.builder().register(registry);
        }
        return new ProxyMetrics(registry, received, sent);
    }

    /** Whether {@code /metrics} exists. */
    boolean served() {
        return registry != null;
    }

    /** The counter of one link of proxy {@code proxy} listening on {@code listener}. */
    LinkCounter link(ToxicEntry.Direction direction, String proxy, String listener, String upstream) {
        if (received == null) {
            return LinkCounter.NONE;
        }
        String d = direction == ToxicEntry.Direction.UPSTREAM ? "upstream" : "downstream";
        CounterDataPoint in = received.labelValues(d, proxy, listener, upstream);
        CounterDataPoint out = sent.labelValues(d, proxy, listener, upstream);
        return new LinkCounter() {
            @Override
            public void received(int bytes) {
                in.inc(bytes);
            }

            @Override
            public void sent(int bytes) {
                out.inc(bytes);
            }
        };
    }

    /** The Content-Type of {@link #scrape()}: Prometheus text format 0.0.4, as promhttp answers a plain GET. */
    String contentType() {
        return writer.getContentType();
    }

    /** Every registered metric in the Prometheus text format. */
    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
