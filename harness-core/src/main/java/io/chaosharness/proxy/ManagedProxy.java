package io.chaosharness.proxy;

import io.chaosharness.core.Seeds;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named proxy: a listener on {@code listen} that dials {@code upstream} for every accepted client. Once started,
 * {@code listen} is the address actually bound (port 0 becomes the real port), so re-enabling binds the same address.
 * Stopping closes the listener (new connects are refused) and every live connection.
 */
final class ManagedProxy {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProxy.class);
    private final String name;
    private final long seed;
    private final ScheduledExecutorService timer;
    private final ProxyMetrics metrics;
    private final DataPlane plane;
    private final ToxicCollection toxics = new ToxicCollection();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private String listen;
    private String upstream;
    private boolean enabled;
    private ServerSocketChannel listener;
    private Thread acceptor;
    private long generation;

    ManagedProxy(String name, String listen, String upstream, long seed, ScheduledExecutorService timer,
                 ProxyMetrics metrics, DataPlane plane) {
        this.metrics = metrics;
        this.plane = plane;
        this.name = name;
        this.listen = listen == null ? "" : listen;
        this.upstream = upstream;
        this.seed = seed;
        this.timer = timer;
    }

    String name() {
        return name;
    }

    ToxicCollection toxics() {
        return toxics;
    }

    /** A consistent view for rendering. */
    synchronized View view() {
        return new View(name, listen, upstream, enabled, toxics.all());
    }

    synchronized String listen() {
        return listen;
    }

    synchronized String upstream() {
        return upstream;
    }

    synchronized boolean enabled() {
        return enabled;
    }

    /** Binds and starts accepting; returns false if already started. Throws 500-style errors on bind failure. */
    synchronized boolean start() {
        if (enabled) {
            return false;
        }
        InetSocketAddress address;
        try {
            address = parseListen(listen);
        } catch (ApiException e) {
            throw new ApiException(500, "listen tcp: " + e.getMessage());
        }
        ServerSocketChannel socket = null;
        try {
            socket = ServerSocketChannel.open();
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(address, 1024);
            listen = format(socket);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(socket);
            // Go's wording, with the resolved address: "listen tcp 127.0.0.1:3310: bind: address already in use"
            throw new ApiException(500, "listen tcp " + format(address) + ": bind: " + describe(e));
        }
        listener = socket;
        enabled = true;
        long gen = ++generation;
        ServerSocketChannel accepting = socket;
        acceptor = Link.newThread(() -> acceptLoop(accepting, gen), "toxiproxy-" + name + "-accept");
        acceptor.start();
        LOG.info("{}: listening on {} for upstream {}", name, listen, upstream);
        return true;
    }

    /** Closes the listener and every connection (ordinary close). Toxics are kept. */
    synchronized void stop() {
        if (!enabled) {
            return;
        }
        enabled = false;
        generation++;
        closeQuietly(listener);
        listener = null;
        // The JDK closes a listening socket's descriptor only once the thread blocked in accept() has left it, so
        // wait for that thread: re-enabling binds the same address right after and must not find it still in use.
        if (acceptor != null && acceptor != Thread.currentThread()) {
            try {
                acceptor.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        acceptor = null;
        for (Connection c : new ArrayList<>(connections)) {
            c.close();
        }
        LOG.info("{}: stopped, listener {} closed", name, listen);
    }

    /** Toxiproxy's update: a changed listen or upstream restarts the proxy; enabled toggles it. */
    synchronized void update(String newListen, String newUpstream, boolean newEnabled) {
        boolean wasEnabled = enabled;
        if (!newListen.equals(listen) || !newUpstream.equals(upstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (newEnabled && !enabled) {
            start();
        } else if (!newEnabled && wasEnabled) {
            stop();
        }
    }

    int connectionCount() {
        return connections.size();
    }

    void forget(Connection c) {
        connections.remove(c);
        if (c.up() != null) {
            toxics.unregister(c.up());
        }
        if (c.down() != null) {
            toxics.unregister(c.down());
        }
    }

    /**
     * Accepts on its own thread (one per proxy, blocking accept, so that stopping can wait for it to let go of the
     * address) and hands each client to an event loop with a non-blocking dial of the upstream already under way.
     */
    private void acceptLoop(ServerSocketChannel socket, long gen) {
        while (socket.isOpen()) {
            SocketChannel client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // listener closed
            }
            dial(client, gen, connectionNumbers.incrementAndGet());
        }
    }

    private void dial(SocketChannel client, long gen, long number) {
        String target;
        String listener;
        synchronized (this) {
            target = upstream;
            listener = listen;
        }
        SocketChannel server = null;
        boolean connected;
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress address = parseAddress(target, false);
            server = SocketChannel.open();
            server.configureBlocking(false);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connected = server.connect(address);
        } catch (IOException | RuntimeException e) {
            dialFailed(target, describe(e));
            closeQuietly(server);
            closeQuietly(client);
            return;
        }
        EventLoop loop = plane.nextLoop();
        Connection connection = new Connection(this, loop, client, server, target);
        String prefix = "proxy/" + name + "/" + number + "/";
        Link up = new Link(connection, ToxicEntry.Direction.UPSTREAM, client, server,
                metrics.link(ToxicEntry.Direction.UPSTREAM, name, listener, target),
                Seeds.forComponent(seed, prefix + "upstream"), Seeds.forComponent(seed, prefix + "upstream/toxicity"),
                timer, plane.toxicThreads());
        Link down = new Link(connection, ToxicEntry.Direction.DOWNSTREAM, server, client,
                metrics.link(ToxicEntry.Direction.DOWNSTREAM, name, listener, target),
                Seeds.forComponent(seed, prefix + "downstream"),
                Seeds.forComponent(seed, prefix + "downstream/toxicity"), timer, plane.toxicThreads());
        connection.links(up, down);
        synchronized (this) {
            if (gen != generation) {
                closeQuietly(server); // stopped while accepting
                closeQuietly(client);
                return;
            }
            connections.add(connection);
        }
        loop.execute(() -> connection.register(connected));
    }

    /** The upstream answered: the links get the current toxics (toxicity drawn now). Loop thread. */
    void opened(Connection connection) {
        toxics.register(connection.up());
        toxics.register(connection.down());
    }

    void dialFailed(String target, String reason) {
        LOG.warn("{}: unable to open connection to upstream {}: {}", name, target, reason);
    }

    /** Parses {@code host:port}; an empty listen binds every interface on a random port. */
    static InetSocketAddress parseListen(String value) {
        if (value.isEmpty()) {
            return new InetSocketAddress(0);
        }
        return parseAddress(value, true);
    }

    static InetSocketAddress parseAddress(String value, boolean wildcardHost) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new ApiException(500, "address " + value + ": missing port in address");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ApiException(500, "address " + value + ": invalid port");
        }
        if (port < 0 || port > 65535) {
            throw new ApiException(500, "address " + value + ": invalid port");
        }
        if (host.isEmpty() && wildcardHost) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host.isEmpty() ? "localhost" : host), port);
        } catch (IOException e) {
            throw new ApiException(500, "lookup " + host + ": no such host");
        }
    }

    /**
     * Whether two listen addresses name the same address once resolved, as Toxiproxy compares them on
     * {@code /populate}; an address that does not resolve is compared as written.
     */
    static boolean sameListen(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return format(parseListen(a)).equals(format(parseListen(b)));
        } catch (ApiException e) {
            return false;
        }
    }

    private static String format(ServerSocketChannel socket) throws IOException {
        return format((InetSocketAddress) socket.getLocalAddress());
    }

    private static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }

    private static String format(InetAddress ip, int port) {
        if (ip.isAnyLocalAddress()) {
            return "[::]:" + port;
        }
        if (ip instanceof Inet6Address) {
            return "[" + ip.getHostAddress() + "]:" + port;
        }
        return ip.getHostAddress() + ":" + port;
    }

    static String describe(Exception e) {
        if (e instanceof ApiException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.toLowerCase(Locale.ROOT);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // best effort
        }
    }

    /** A consistent snapshot of a proxy for rendering. */
    record View(String name, String listen, String upstream, boolean enabled, List<ToxicEntry> toxics) {
    }
}
