package io.chaosharness.proxy;

import io.chaosharness.core.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded, Toxiproxy 2.12-compatible fault proxy server: the HTTP API on {@link #apiUri()} and the proxies it
 * creates. Unmodified Toxiproxy clients (toxiproxy-java, toxiproxy-cli) work against it.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.start(ToxiproxyServerConfig.custom().host("127.0.0.1").port(0).build())) {
 *     ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.apiPort());
 *     ...
 * }
 * }</pre>
 *
 * {@link #close()} stops the API, every proxy and every connection.
 */
public final class ToxiproxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ToxiproxyServer.class);
    /** Handlers never wait on a client (the transport buffers whole requests), so a few threads serve any load. */
    private static final int API_WORKERS = 4;

    private final ApiHttpServer http;
    private final ScheduledExecutorService timer;
    private final ProxyCollection proxies;
    private final long seed;
    private final URI apiUri;

    private ToxiproxyServer(ApiHttpServer http, ScheduledExecutorService timer, ProxyCollection proxies, long seed,
                            String host) {
        this.http = http;
        this.timer = timer;
        this.proxies = proxies;
        this.seed = seed;
        InetSocketAddress bound = http.address();
        String uriHost = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : host;
        if (uriHost.contains(":") && !uriHost.startsWith("[")) {
            uriHost = "[" + uriHost + "]";
        }
        this.apiUri = URI.create("http://" + uriHost + ":" + bound.getPort());
    }

    /**
     * Starts the API (and the proxies of the config file, if any).
     *
     * @throws UncheckedIOException when the API port cannot be bound or the config file cannot be read
     * @throws IllegalArgumentException when the config file is not a valid proxy list
     */
    public static ToxiproxyServer start(ToxiproxyServerConfig config) {
        long seed = config.seed().orElseGet(Seeds::newSeed);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("toxiproxy-timer"));
        ProxyMetrics metrics = ProxyMetrics.create(config.proxyMetrics(), config.runtimeMetrics());
        ProxyCollection proxies = new ProxyCollection(seed, timer, metrics);
        ApiHttpServer.Limits limits = new ApiHttpServer.Limits(config.readTimeout().toMillis(),
                config.writeTimeout().toMillis(), config.idleTimeout().toMillis(), config.maxConnections(),
                ToxiproxyServerConfig.DEFAULT_MAX_HEAD_BYTES, config.maxBodyBytes(), config.accessLog());
        ApiHttpServer http;
        try {
            http = ApiHttpServer.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()),
                    limits, new ToxiproxyApi(proxies, config.maxBodyBytes(), metrics), API_WORKERS, "toxiproxy-api");
        } catch (IOException e) {
            timer.shutdownNow();
            proxies.closeAll(); // stops the data plane's event loops
            throw new UncheckedIOException("toxiproxy: cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        ToxiproxyServer server = new ToxiproxyServer(http, timer, proxies, seed, config.host());
        try {
            config.configFile().ifPresent(file -> server.populate(file));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        http.start();
        LOG.info("toxiproxy: API listening on {} (seed {}), {}", server.apiUri, seed, config);
        return server;
    }

    private void populate(java.nio.file.Path file) {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("toxiproxy: cannot read config file " + file + ": " + e.getMessage(), e);
        }
        try {
            var node = Json.parse(body);
            if (!node.isArray()) {
                throw new ApiException(400, "expected a JSON array of proxies");
            }
            int i = 0;
            for (var entry : node) {
                i++;
                var p = Json.object(entry, "proxy " + i);
                String name = Json.string(p, "name", "");
                String upstream = Json.string(p, "upstream", "");
                if (name.isEmpty() || upstream.isEmpty()) {
                    throw new ApiException(400, "missing required field: " + (name.isEmpty() ? "name" : "upstream")
                            + " at proxy " + i);
                }
                proxies.addOrReplace(name, Json.string(p, "listen", ""), upstream, Json.bool(p, "enabled", true));
            }
            LOG.info("toxiproxy: populated {} proxies from {}", i, file);
        } catch (ApiException e) {
            throw new IllegalArgumentException("toxiproxy: config file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Base URI of the HTTP API, e.g. {@code http://127.0.0.1:8474}. */
    public URI apiUri() {
        return apiUri;
    }

    /** The port the API actually listens on (useful with port 0). */
    public int apiPort() {
        return http.address().getPort();
    }

    /** API connections open right now (for tests of the connection bounds). */
    int apiConnections() {
        return http.openConnections();
    }

    /** The seed in use (given, or drawn at start); pass it back to replay jitter, toxicity and slicing. */
    public long seed() {
        return seed;
    }

    /** Stops the API, every proxy and every connection. Idempotent. */
    @Override
    public void close() {
        http.close();
        proxies.closeAll();
        timer.shutdownNow();
        LOG.info("toxiproxy: stopped {}", apiUri);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
