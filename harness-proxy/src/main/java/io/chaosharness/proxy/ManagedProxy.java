package io.chaosharness.proxy;

import io.chaosharness.core.Seeds;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
    private static final int DIAL_TIMEOUT_MILLIS = 30_000;

    private final String name;
    private final long seed;
    private final ScheduledExecutorService timer;
    private final ToxicCollection toxics = new ToxicCollection();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private String listen;
    private String upstream;
    private boolean enabled;
    private ServerSocket listener;
    private Thread acceptor;
    private long generation;

    ManagedProxy(String name, String listen, String upstream, long seed, ScheduledExecutorService timer) {
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
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, 1024);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(socket);
            throw new ApiException(500, "listen tcp " + listen + ": " + describe(e));
        }
        listener = socket;
        listen = format(socket);
        enabled = true;
        long gen = ++generation;
        ServerSocket accepting = socket;
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

    private void acceptLoop(ServerSocket socket, long gen) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // listener closed
            }
            long number = connectionNumbers.incrementAndGet();
            Link.newThread(() -> serve(client, gen, number), "toxiproxy-" + name + "-" + number + "-up").start();
        }
    }

    private void serve(Socket client, long gen, long number) {
        Socket server = new Socket();
        String target;
        synchronized (this) {
            target = upstream;
        }
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(parseAddress(target, false), DIAL_TIMEOUT_MILLIS);
        } catch (IOException | IllegalArgumentException | ApiException e) {
            LOG.warn("{}: unable to open connection to upstream {}: {}", name, target, describe(e));
            closeQuietly(server);
            closeQuietly(client);
            return;
        }
        Connection connection = new Connection(this, client, server);
        String prefix = "proxy/" + name + "/" + number + "/";
        try {
            Link up = new Link(connection, ToxicEntry.Direction.UPSTREAM, client.getInputStream(),
                    server.getOutputStream(), "toxiproxy-" + name + "-" + number + "-up",
                    Seeds.forComponent(seed, prefix + "upstream"), Seeds.forComponent(seed, prefix + "upstream/toxicity"),
                    timer);
            Link down = new Link(connection, ToxicEntry.Direction.DOWNSTREAM, server.getInputStream(),
                    client.getOutputStream(), "toxiproxy-" + name + "-" + number + "-down",
                    Seeds.forComponent(seed, prefix + "downstream"),
                    Seeds.forComponent(seed, prefix + "downstream/toxicity"), timer);
            connection.links(up, down);
            synchronized (this) {
                if (gen != generation) {
                    connection.close(); // stopped while dialing
                    return;
                }
                connections.add(connection);
            }
            toxics.register(up);
            toxics.register(down);
            up.start();
            down.start();
        } catch (IOException e) {
            connection.close();
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

    private static String format(ServerSocket socket) {
        InetAddress ip = socket.getInetAddress();
        int port = socket.getLocalPort();
        if (ip.isAnyLocalAddress()) {
            return "[::]:" + port;
        }
        if (ip instanceof Inet6Address) {
            return "[" + ip.getHostAddress() + "]:" + port;
        }
        return ip.getHostAddress() + ":" + port;
    }

    private static String describe(Exception e) {
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
