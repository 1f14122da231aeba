package io.chaosharness.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

/** The named proxies of one server. Names sort like Go's JSON map keys. */
final class ProxyCollection {

    private final Map<String, ManagedProxy> proxies = new TreeMap<>();
    private final long seed;
    private final ScheduledExecutorService timer;
    private final ProxyMetrics metrics;
    private final DataPlane plane;

    ProxyCollection(long seed, ScheduledExecutorService timer, ProxyMetrics metrics) {
        this.seed = seed;
        this.timer = timer;
        this.metrics = metrics;
        this.plane = new DataPlane();
    }

    synchronized List<ManagedProxy> all() {
        return new ArrayList<>(proxies.values());
    }

    synchronized ManagedProxy get(String name) {
        ManagedProxy p = proxies.get(name);
        if (p == null) {
            throw new ApiException(404, "proxy not found");
        }
        return p;
    }

    /** Creates and (if enabled) starts a proxy; 409 if the name is taken, 500 if it cannot listen. */
    synchronized ManagedProxy add(String name, String listen, String upstream, boolean enabled) {
        if (proxies.containsKey(name)) {
            throw new ApiException(409, "proxy already exists");
        }
        ManagedProxy p = new ManagedProxy(name, listen, upstream, seed, timer, metrics, plane);
        if (enabled) {
            p.start();
        }
        proxies.put(name, p);
        return p;
    }

    /**
     * {@code /populate}: an existing proxy with the same upstream and the same listen address once resolved
     * ({@code localhost:7070} and {@code 127.0.0.1:7070} are one address) is kept as it is (toxics, enabled state,
     * connections), as Toxiproxy does; otherwise it is stopped and replaced.
     */
    synchronized ManagedProxy addOrReplace(String name, String listen, String upstream, boolean enabled) {
        ManagedProxy existing = proxies.get(name);
        if (existing != null) {
            if (ManagedProxy.sameListen(existing.listen(), listen) && existing.upstream().equals(upstream)) {
                return existing;
            }
            existing.stop();
            proxies.remove(name);
        }
        ManagedProxy p = new ManagedProxy(name, listen, upstream, seed, timer, metrics, plane);
        if (enabled) {
            p.start();
        }
        proxies.put(name, p);
        return p;
    }

    synchronized void remove(String name) {
        ManagedProxy p = get(name);
        p.stop();
        proxies.remove(name);
    }

    synchronized void closeAll() {
        for (ManagedProxy p : proxies.values()) {
            p.stop();
        }
        proxies.clear();
        plane.close();
    }
}
