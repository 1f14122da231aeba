package io.chaosharness.app;

import io.chaosharness.fallback.BreakGlassCredential;
import io.chaosharness.fallback.PasswordHasher;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the {@link ReferenceService}. Build with {@link #custom()}; every setter validates at once and
 * names the field and the bad value.
 *
 * <h2>Thread sizing (2 cores, 200–500 concurrent users, a 15-connection pool)</h2>
 * Jetty's threads never wait for the database: database work is handed to a separate, bounded worker pool and the
 * request is completed asynchronously. So Jetty needs only enough threads to parse requests and write responses on two
 * cores ({@value #DEFAULT_JETTY_MAX_THREADS}, which also leaves room for its acceptor and selectors), and the health
 * endpoint, served from memory on those threads, stays fast while every database worker is stuck in an outage.
 * Database workers block in {@code getConnection()} or in a retry backoff; more than a few times the pool size only
 * moves the queue from our executor into HikariCP, so {@value #DEFAULT_DB_WORKERS} workers and a bounded queue of
 * {@value #DEFAULT_DB_QUEUE} requests: 500 concurrent users fit (64 in service, the rest queued), and anything beyond
 * the queue gets 503 at once instead of growing memory without bound.
 */
public final class ServiceConfig {

    /** Jetty's maximum threads by default. */
    public static final int DEFAULT_JETTY_MAX_THREADS = 32;
    /** Database worker threads by default. */
    public static final int DEFAULT_DB_WORKERS = 64;
    /** Queued database requests by default (beyond it: 503). */
    public static final int DEFAULT_DB_QUEUE = 1000;
    /** Toxiproxy's (Go's) read timeout: a request's head and body must arrive within it. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    /** Jetty's idle timeout: no byte in either direction for this long closes the connection (idle or stalled). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);
    /** Open connections at most (500 load-test users with keep-alive fit four times). */
    public static final int DEFAULT_MAX_CONNECTIONS = 2048;

    private final String host;
    private final int port;
    private final AdminToken adminToken;
    private final BreakGlassCredential breakGlass;
    private final PasswordHasher hasher;
    private final int availabilityRetryCount;
    private final int jettyMaxThreads;
    private final int dbWorkers;
    private final int dbQueue;
    private final Duration gaugePeriod;
    private final int gaugeHistory;
    private final Duration serverProbePeriod;
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;

    private ServiceConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.adminToken = b.adminToken;
        this.breakGlass = b.breakGlass;
        this.hasher = b.hasher;
        this.availabilityRetryCount = b.availabilityRetryCount;
        this.jettyMaxThreads = b.jettyMaxThreads;
        this.dbWorkers = b.dbWorkers;
        this.dbQueue = b.dbQueue;
        this.gaugePeriod = b.gaugePeriod;
        this.gaugeHistory = b.gaugeHistory;
        this.serverProbePeriod = b.serverProbePeriod;
        this.readTimeout = b.readTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxConnections = b.maxConnections;
    }

    /** A builder with the defaults; the admin token and the break-glass credential must be set. */
    public static Builder custom() {
        return new Builder();
    }

    /** The address to bind ({@code 127.0.0.1} by default). */
    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one ({@link ReferenceService#port()} tells which). */
    public int port() {
        return port;
    }

    public AdminToken adminToken() {
        return adminToken;
    }

    public BreakGlassCredential breakGlass() {
        return breakGlass;
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    /** Attempts of the availability check before the login judges the database unavailable. */
    public int availabilityRetryCount() {
        return availabilityRetryCount;
    }

    public int jettyMaxThreads() {
        return jettyMaxThreads;
    }

    public int dbWorkers() {
        return dbWorkers;
    }

    public int dbQueue() {
        return dbQueue;
    }

    /** How often pool gauges are sampled for the debug view's utilisation history. */
    public Duration gaugePeriod() {
        return gaugePeriod;
    }

    /** How many gauge samples the debug view keeps. */
    public int gaugeHistory() {
        return gaugeHistory;
    }

    /** How often the pg_stat_activity probe refreshes its cached result (in the background). */
    public Duration serverProbePeriod() {
        return serverProbePeriod;
    }

    /** Time from a request's first byte to its last; a slower client is disconnected. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Time without a byte in either direction (idle keep-alive, stalled read or write) before Jetty disconnects. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Open connections at most; at the cap a new connection closes the one that has waited longest for its client. */
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public String toString() {
        return "ServiceConfig{" + host + ":" + port + ", adminToken=****, breakGlass=" + breakGlass
                + ", hashIterations=" + hasher.iterations() + ", availabilityRetryCount=" + availabilityRetryCount
                + ", jettyMaxThreads=" + jettyMaxThreads + ", dbWorkers=" + dbWorkers + ", dbQueue=" + dbQueue
                + ", gaugePeriod=" + gaugePeriod.toMillis() + "ms x " + gaugeHistory
                + ", serverProbePeriod=" + serverProbePeriod.toMillis() + "ms, readTimeout=" + readTimeout.toMillis()
                + "ms, idleTimeout=" + idleTimeout.toMillis() + "ms, maxConnections=" + maxConnections + "}";
    }

    /** Builds a {@link ServiceConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private AdminToken adminToken;
        private BreakGlassCredential breakGlass;
        private PasswordHasher hasher;
        private int availabilityRetryCount = 3;
        private int jettyMaxThreads = DEFAULT_JETTY_MAX_THREADS;
        private int dbWorkers = DEFAULT_DB_WORKERS;
        private int dbQueue = DEFAULT_DB_QUEUE;
        private Duration gaugePeriod = Duration.ofSeconds(1);
        private int gaugeHistory = 600;
        private Duration serverProbePeriod = Duration.ofSeconds(10);
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {
        }

        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank, but was '" + host + "'");
            }
            this.host = host.strip();
            return this;
        }

        /** 0..65535; 0 picks a free port. */
        public Builder port(int port) {
            this.port = checkInt("port", port, 0, 65_535);
            return this;
        }

        public Builder adminToken(AdminToken token) {
            this.adminToken = Objects.requireNonNull(token, "adminToken");
            return this;
        }

        public Builder breakGlass(BreakGlassCredential credential) {
            this.breakGlass = Objects.requireNonNull(credential, "breakGlass");
            return this;
        }

        /** The hasher for stored passwords (the default, 600 000 PBKDF2 iterations, when not set). */
        public Builder hasher(PasswordHasher hasher) {
            this.hasher = Objects.requireNonNull(hasher, "hasher");
            return this;
        }

        public Builder availabilityRetryCount(int count) {
            this.availabilityRetryCount = checkInt("availabilityRetryCount", count, 1, 100);
            return this;
        }

        /** Jetty's maximum threads, 8..1000. */
        public Builder jettyMaxThreads(int threads) {
            this.jettyMaxThreads = checkInt("jettyMaxThreads", threads, 8, 1000);
            return this;
        }

        /** Database worker threads, 1..1000. */
        public Builder dbWorkers(int workers) {
            this.dbWorkers = checkInt("dbWorkers", workers, 1, 1000);
            return this;
        }

        /** Queued database requests beyond the busy workers, 1..100000. */
        public Builder dbQueue(int queue) {
            this.dbQueue = checkInt("dbQueue", queue, 1, 100_000);
            return this;
        }

        /** Gauge sampling period, 10 ms..1 h. */
        public Builder gaugePeriod(Duration period) {
            this.gaugePeriod = checkDuration("gaugePeriod", period, Duration.ofMillis(10), Duration.ofHours(1));
            return this;
        }

        /** Gauge samples kept, 1..100000. */
        public Builder gaugeHistory(int samples) {
            this.gaugeHistory = checkInt("gaugeHistory", samples, 1, 100_000);
            return this;
        }

        /** pg_stat_activity probe period, 100 ms..1 h. */
        public Builder serverProbePeriod(Duration period) {
            this.serverProbePeriod = checkDuration("serverProbePeriod", period, Duration.ofMillis(100),
                    Duration.ofHours(1));
            return this;
        }

        /** Request head and body within this, 100 ms..1 h. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = checkDuration("readTimeout", timeout, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /** No byte for this long closes the connection, 100 ms..1 h. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = checkDuration("idleTimeout", timeout, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /** 16..100000 open connections. */
        public Builder maxConnections(int connections) {
            this.maxConnections = checkInt("maxConnections", connections, 16, 100_000);
            return this;
        }

        public ServiceConfig build() {
            if (adminToken == null) {
                throw new IllegalStateException("adminToken must be set, but was null");
            }
            if (breakGlass == null) {
                throw new IllegalStateException("breakGlass must be set, but was null");
            }
            if (hasher == null) {
                hasher = new PasswordHasher();
            }
            return new ServiceConfig(this);
        }

        private static int checkInt(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", but was "
                        + value);
            }
            return value;
        }

        private static Duration checkDuration(String field, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, field);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(field + " must be between " + min.toMillis() + " ms and "
                        + max.toMillis() + " ms, but was " + value.toMillis() + " ms");
            }
            return value;
        }
    }
}
