package io.chaosharness.proxy;

import java.nio.file.Path;
import java.time.Duration;
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
    /** Toxiproxy's read timeout: the request line, headers and body must arrive within it. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    /** Toxiproxy's write timeout: an answer must be taken by the client within it. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** Toxiproxy's idle timeout: a kept-alive connection with no new request is closed after it. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Open API connections at most; at the cap, the one that waited longest for its client is closed. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Request line plus headers at most (Go allows 1 MiB; no Toxiproxy client sends more than a few hundred bytes). */
    public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private final String host;
    private final int port;
    private final Long seed;
    private final Path configFile;
    private final int maxBodyBytes;
    private final boolean proxyMetrics;
    private final boolean runtimeMetrics;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final boolean accessLog;

    private ToxiproxyServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.seed = b.seed;
        this.configFile = b.configFile;
        this.maxBodyBytes = b.maxBodyBytes;
        this.proxyMetrics = b.proxyMetrics;
        this.runtimeMetrics = b.runtimeMetrics;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxConnections = b.maxConnections;
        this.accessLog = b.accessLog;
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
        b.readTimeout = base.readTimeout;
        b.writeTimeout = base.writeTimeout;
        b.idleTimeout = base.idleTimeout;
        b.maxConnections = base.maxConnections;
        b.accessLog = base.accessLog;
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

    /** Time from a request's first byte (or from connect) to its last; slower clients are disconnected. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Time for the client to take an answer; a client that reads slower is disconnected. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** Time a kept-alive connection may wait for its next request. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Open API connections at most; at the cap a new connection closes the one that has waited longest. */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Whether every API request is logged (logger {@code io.chaosharness.proxy.access}, level INFO) with the fields of
     * Toxiproxy's access log: request id, client, method, url, user agent, status, size and duration in ms. Off by
     * default, as in Toxiproxy (whose access log is at debug level).
     */
    public boolean accessLog() {
        return accessLog;
    }

    @Override
    public String toString() {
        return "ToxiproxyServerConfig{host=" + host + ", port=" + port + ", seed=" + (seed == null ? "random" : seed)
                + ", configFile=" + configFile + ", maxBodyBytes=" + maxBodyBytes + ", readTimeout=" + readTimeout
                + ", writeTimeout=" + writeTimeout + ", idleTimeout=" + idleTimeout + ", maxConnections="
                + maxConnections + ", accessLog=" + accessLog + ", proxyMetrics=" + proxyMetrics + ", runtimeMetrics="
                + runtimeMetrics + "}";
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
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private boolean accessLog;

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

        /** Between 1 ms and 1 h. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = timeout("readTimeout", readTimeout);
            return this;
        }

        /** Between 1 ms and 1 h. */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = timeout("writeTimeout", writeTimeout);
            return this;
        }

        /** Between 1 ms and 1 h. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = timeout("idleTimeout", idleTimeout);
            return this;
        }

        /** Between 1 and 100000. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1 || maxConnections > 100_000) {
                throw new IllegalArgumentException("maxConnections must be between 1 and 100000, but was "
                        + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** Logs every API request (Toxiproxy's access log); off by default. */
        public Builder accessLog(boolean accessLog) {
            this.accessLog = accessLog;
            return this;
        }

        /** Serve the proxies' byte counters on {@code /metrics}; off by default. */
        public Builder proxyMetrics(boolean proxyMetrics) {
            this.proxyMetrics = proxyMetrics;
            return this;
        }

        /** Serve the JVM's metrics on {@code /metrics}; off by default. */
        public Builder runtimeMetrics(boolean runtimeMetrics) {
            this.runtimeMetrics = runtimeMetrics;
            return this;
        }

        private static Duration timeout(String field, Duration value) {
            if (value == null || value.toMillis() < 1 || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(field + " must be between 1 ms and 1 h, but was " + value);
            }
            return value;
        }

        public ToxiproxyServerConfig build() {
            Objects.requireNonNull(host, "host");
            return new ToxiproxyServerConfig(this);
        }
    }
}
