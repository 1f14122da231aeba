package io.chaosharness.proxy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable configuration of an embedded {@link ToxiproxyServer}, mirroring {@code toxiproxy-server}'s flags.
 * Build with {@link #custom()}; invalid values throw naming the field and the value.
 *
 * <pre>{@code
 * ToxiproxyServerConfig config = ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).seed(42).build();
 * }</pre>
 */
public final class ToxiproxyServerConfig {

    /** Toxiproxy's default API port. */
    public static final int DEFAULT_PORT = 8474;
    /** Largest request body the API accepts (bigger bodies get 413, not an out-of-memory error). */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private final String host;
    private final int port;
    private final Long seed;
    private final Path configFile;
    private final int maxBodyBytes;
    private final boolean proxyMetrics;
    private final boolean runtimeMetrics;

    private ToxiproxyServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.seed = b.seed;
        this.configFile = b.configFile;
        this.maxBodyBytes = b.maxBodyBytes;
        this.proxyMetrics = b.proxyMetrics;
        this.runtimeMetrics = b.runtimeMetrics;
    }

    /** {@code localhost:8474}, a fresh random seed, no config file. */
    public static ToxiproxyServerConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(ToxiproxyServerConfig base) {
        Builder b = new Builder();
        b.host = base.host;
        b.port = base.port;
        b.seed = base.seed;
        b.configFile = base.configFile;
        b.maxBodyBytes = base.maxBodyBytes;
        b.proxyMetrics = base.proxyMetrics;
        b.runtimeMetrics = base.runtimeMetrics;
        return b;
    }

    /** Interface the API listens on (Toxiproxy's {@code -host}). */
    public String host() {
        return host;
    }

    /** API port; 0 picks a free port (read it back with {@link ToxiproxyServer#apiPort()}). */
    public int port() {
        return port;
    }

    /** The seed for jitter, toxicity and slicing; empty means a fresh one is drawn and logged at start. */
    public Optional<Long> seed() {
        return Optional.ofNullable(seed);
    }

    /** A JSON array of proxies in {@code /populate} format, loaded at start. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Serve the proxies' byte counters on {@code /metrics} (Toxiproxy's {@code -proxy-metrics}). */
    public boolean proxyMetrics() {
        return proxyMetrics;
    }

    /** Serve the JVM's metrics on {@code /metrics} (Toxiproxy's {@code -runtime-metrics}, Go runtime there). */
    public boolean runtimeMetrics() {
        return runtimeMetrics;
    }

    @Override
    public String toString() {
        return "ToxiproxyServerConfig{host=" + host + ", port=" + port + ", seed=" + (seed == null ? "random" : seed)
                + ", configFile=" + configFile + ", maxBodyBytes=" + maxBodyBytes + ", proxyMetrics=" + proxyMetrics + ", runtimeMetrics=" + runtimeMetrics
                + "}";
    }

    /** Builder; each setter validates at once. */
    public static final class Builder {
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private Long seed;
        private Path configFile;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean proxyMetrics;
        private boolean runtimeMetrics;

        private Builder() {
        }

        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank, but was '" + host + "'");
            }
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Seed or {@code null} for a fresh random seed. */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, but was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder proxyMetrics(boolean proxyMetrics) {
            this.proxyMetrics = proxyMetrics;
            return this;
        }

        public Builder runtimeMetrics(boolean runtimeMetrics) {
            this.runtimeMetrics = runtimeMetrics;
            return this;
        }

        public ToxiproxyServerConfig build() {
            Objects.requireNonNull(host, "host");
            return new ToxiproxyServerConfig(this);
        }
    }
}
