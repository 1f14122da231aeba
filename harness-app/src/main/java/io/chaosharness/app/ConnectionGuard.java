package io.chaosharness.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Jetty 11 does not bound by itself: the whole time a request's head and body may take, and the number of open
 * connections. Jetty's idle timeout closes a connection on which no byte moved for a while, but a client that sends a
 * header byte every few seconds (slowloris) never trips it, and Jetty's own {@code ConnectionLimit} stops accepting at
 * the cap, which would lock out the very health checks and operators a flood must not lock out.
 *
 * <p>So, as a connector bean: every open connection's parser state is sampled every 100 ms; one that has been reading
 * the same request (head or body) for longer than the read timeout is closed. Past the cap, a new connection closes
 * the connection that has waited longest for its client (idle, or reading a request), never one being answered. The
 * parser state is read from the sampling thread without Jetty's lock: a stale read delays a verdict by one sample.
 */
final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long SAMPLE_MS = 100;

    private enum Phase { IDLE, READING, ANSWERING }

    /** What the sampler last saw of one connection. */
    private static final class Seen {
        volatile Phase phase = Phase.IDLE;
        volatile long since = System.nanoTime();
        volatile long messagesIn;
    }

    private final String name;
    private final long readNanos;
    private final int maxConnections;
    private final Map<HttpConnection, Seen> open = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;

    ConnectionGuard(String name, long readTimeoutMillis, int maxConnections) {
        this.name = name;
        this.readNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
        this.maxConnections = maxConnections;
    }

    @Override
    protected void doStart() {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "app-http-guard");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(this::sample, SAMPLE_MS, SAMPLE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sampler.shutdownNow();
        open.clear();
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof HttpConnection http)) {
            return;
        }
        open.put(http, new Seen());
        if (open.size() > maxConnections) {
            evictLongestWaiting(http);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** Connections open right now. */
    int openConnections() {
        return open.size();
    }

    private void sample() {
        long now = System.nanoTime();
        for (Map.Entry<HttpConnection, Seen> e : open.entrySet()) {
            HttpConnection c = e.getKey();
            Seen seen = e.getValue();
            try {
                Phase phase = phase(c.getParser());
                long messages = c.getMessagesIn();
                if (phase != seen.phase || messages != seen.messagesIn) {
                    seen.phase = phase;
                    seen.messagesIn = messages;
                    seen.since = now;
                } else if (phase == Phase.READING && now - seen.since > readNanos) {
                    LOG.debug("{} - closing {}: request not complete after {} ms", name, c.getEndPoint()
                            .getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(now - seen.since));
                    c.getEndPoint().close();
                }
            } catch (RuntimeException ex) {
                LOG.debug("{} - sampling a connection failed: {}", name, ex.toString());
            }
        }
    }

    private static Phase phase(HttpParser parser) {
        if (parser.isStart()) {
            return Phase.IDLE;
        }
        return parser.inHeaderState() || parser.inContentState() ? Phase.READING : Phase.ANSWERING;
    }

    private void evictLongestWaiting(HttpConnection newcomer) {
        HttpConnection victim = null;
        long oldest = 0;
        for (Map.Entry<HttpConnection, Seen> e : open.entrySet()) {
            Seen seen = e.getValue();
            if (e.getKey() != newcomer && seen.phase != Phase.ANSWERING && (victim == null || seen.since - oldest < 0)) {
                oldest = seen.since;
                victim = e.getKey();
            }
        }
        if (victim != null) {
            LOG.debug("{} - {} connections open (cap {}): closing the longest waiting, {}", name, open.size(),
                    maxConnections, victim.getEndPoint().getRemoteSocketAddress());
            open.remove(victim);
            victim.getEndPoint().close();
        } else {
            LOG.debug("{} - {} connections open (cap {}), all being answered: refusing {}", name, open.size(),
                    maxConnections, newcomer.getEndPoint().getRemoteSocketAddress());
            open.remove(newcomer);
            newcomer.getEndPoint().close();
        }
    }
}
