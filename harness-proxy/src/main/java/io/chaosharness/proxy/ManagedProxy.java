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
    private volatile String listen;   // written under this lock; read without it by the loops
    private volatile String upstream; // ditto
    private boolean enabled;
    private Listener listener;
    private volatile long generation;
    private volatile Resolved resolved;

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
        enabled = true;
        long gen = ++generation;
        try {
            listener = new Listener(socket, plane, (client, loop) -> dial(client, gen, loop));
        } catch (IOException e) {
            closeQuietly(socket);
            enabled = false;
            throw new ApiException(500, "listen tcp " + listen + ": " + describe(e));
        }
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
        listener.close(); // returns once the address is free again
        listener = null;
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
     * A client was accepted on {@code loop}: dial the upstream without blocking and let the same loop carry the
     * connection. Loop thread; takes no lock the API holds while it waits for the loops.
     */
    private void dial(SocketChannel client, long gen, EventLoop loop) {
        long number = connectionNumbers.incrementAndGet();
        String target = upstream;
        String listener = listen;
        Resolved known = resolved;
        if (known != null && known.fresh(target)) {
            connectUpstream(client, gen, loop, number, target, listener, known.address());
            return;
        }
        if (isLiteral(target)) {
            InetSocketAddress address = null;
            try {
                address = parseAddress(target, false);
                resolved = new Resolved(target, address, true, System.nanoTime()); // a literal never goes stale
            } catch (ApiException e) {
                // connectUpstream reports it
            }
            connectUpstream(client, gen, loop, number, target, listener, address);
            return;
        }
        // A name lookup may block for seconds: never on a loop. The answer is kept for a second, so a burst of
        // connects to "localhost:5432" looks it up once (Toxiproxy looks it up on every dial).
        try {
            plane.toxicThreads().execute(() -> {
                InetSocketAddress address = null;
                try {
                    address = parseAddress(target, false);
                    resolved = new Resolved(target, address, false, System.nanoTime());
                } catch (ApiException e) {
                    // connectUpstream reports it
                }
                InetSocketAddress found = address;
                loop.execute(() -> connectUpstream(client, gen, loop, number, target, listener, found));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeQuietly(client); // the server is closing
        }
    }

    /** Dials {@code address} (null: parse {@code target} here; it is a literal or could not be resolved). Loop thread. */
    private void connectUpstream(SocketChannel client, long gen, EventLoop loop, long number, String target,
                                 String listener, InetSocketAddress address) {
        SocketChannel server = null;
        boolean connected;
        try {
            InetSocketAddress to = address != null ? address : parseAddress(target, false);
            // An IPv4 upstream gets an IPv4 socket: a dual-stack one costs an extra setsockopt and mapped addresses.
            server = to.getAddress() instanceof java.net.Inet4Address
                    ? SocketChannel.open(java.net.StandardProtocolFamily.INET) : SocketChannel.open();
            server.configureBlocking(false);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connected = server.connect(to);
        } catch (IOException | RuntimeException e) {
            dialFailed(target, describe(e));
            closeQuietly(server);
            closeQuietly(client);
            return;
        }
        // The client's socket is set up once the dial is under way: the upstream's accept overlaps with this.
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            closeQuietly(server);
            closeQuietly(client);
            return;
        }
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
        // Added first, generation checked after: stop() bumps the generation before it closes what is in the set,
        // so a connection accepted while stopping is closed by one side or the other.
        connections.add(connection);
        if (gen != generation) {
            connection.close();
            return;
        }
        connection.register(connected);
    }

    /** The upstream answered: the links get the current toxics (toxicity drawn now). Loop thread. */
    void opened(Connection connection) {
        toxics.register(connection.up());
        toxics.register(connection.down());
    }

    void dialFailed(String target, String reason) {
        LOG.warn("{}: unable to open connection to upstream {}: {}", name, target, reason);
    }

    /** Whether the host of {@code host:port} is an IP literal, which resolves without a lookup. */
    static boolean isLiteral(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.startsWith("[") || host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** The last parsed upstream address: a literal for good, a name lookup's answer for a second. */
    private record Resolved(String target, InetSocketAddress address, boolean literal, long atNanos) {
        boolean fresh(String t) {
            return target.equals(t) && (literal || System.nanoTime() - atNanos < 1_000_000_000L);
        }
    }

    /** Parses {@code host:port}; an empty listen binds every interface on a random port. */
    static InetSocketAddress parseListen(String value) {
        if (value.isEmpty()) {
            return new InetSocketAddress(0);
        }
        InetSocketAddress address = parseAddress(value, true);
        // "[::]:port" (how a wildcard listener is reported, as Toxiproxy does) and "0.0.0.0:port" mean any address,
        // like Go's net.Listen: bind the JVM's wildcard, which also works where IPv6 is unavailable (containers).
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(address.getPort());
        }
        return address;
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
