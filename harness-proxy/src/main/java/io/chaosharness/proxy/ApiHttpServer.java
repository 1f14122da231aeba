package io.chaosharness.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTP/1.1 server: one selector thread reads and parses every connection without blocking, a small worker
 * pool runs {@link HttpHandler}s on complete requests, and the selector thread writes the buffered answers back.
 *
 * <pre>
 *   accept ──▶ READ (request line, headers, body; read timeout from the first byte) ──▶ PROCESS (a worker, no client I/O)
 *     ▲                                                                                   │
 *     └── IDLE (keep-alive; idle timeout) ◀── WRITE (write timeout) ◀─────────────────────┘
 *                                              └─ Connection: close ──▶ LINGER (read and discard, 2 s) ──▶ closed
 * </pre>
 *
 * A slow or stuck client therefore holds a connection, never a thread: the requests that remove faults ({@code
 * DELETE} of a toxic, {@code POST /reset}) get a worker as soon as they have arrived. The phases are bounded as in
 * Toxiproxy's Go server (read 15 s, write 30 s, idle 60 s by default) and the number of connections is capped; at the
 * cap, a new connection closes the one that has waited longest in READ, IDLE or LINGER, never one being answered.
 *
 * <p>What the transport answers itself, with Go's wording and a closed connection: 400 for a malformed request line,
 * header, {@code Content-Length}, chunked body, missing {@code Host} or bad percent-escape in the path; 413 for a body
 * over the limit (drained first when it is at most 64 MiB, so the client reads the answer); 417 for an {@code Expect}
 * other than {@code 100-continue}; 431 for a head over the limit; 501 for a transfer coding other than chunked; 503
 * when buffered request bodies would exceed 64 MiB in total; 505 for an HTTP version other than 1.0 and 1.1.
 */
final class ApiHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHttpServer.class);
    /** Toxiproxy's access log is a debug line per request; here it is a logger of its own, on when enabled. */
    private static final Logger ACCESS = LoggerFactory.getLogger("io.chaosharness.proxy.access");
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    private static final long MAX_BUFFERED_BYTES = 64L * 1024 * 1024;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int READS_PER_WAKEUP = 8;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** IMF-fixdate (RFC 9110), as Go writes Date: two-digit day, English names. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    /** The bounds of every phase of a connection, and the caps. */
    record Limits(long readTimeoutMillis, long writeTimeoutMillis, long idleTimeoutMillis, int maxConnections,
                  int maxHeadBytes, int maxBodyBytes, boolean accessLog) {
    }

    private enum State { READ, PROCESS, WRITE, LINGER }

    private final Limits limits;
    private final HttpHandler handler;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ExecutorService workers;
    private final Thread loop;
    private final Set<Conn> open = new HashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    private final AtomicInteger openCount = new AtomicInteger();
    private final long readNanos;
    private final long writeNanos;
    private final long idleNanos;
    private long buffered;
    private volatile boolean running = true;

    private ApiHttpServer(ServerSocketChannel server, Selector selector, Limits limits, HttpHandler handler,
                          int workerThreads, String name) {
        this.server = server;
        this.selector = selector;
        this.limits = limits;
        this.handler = handler;
        this.readNanos = TimeUnit.MILLISECONDS.toNanos(limits.readTimeoutMillis());
        this.writeNanos = TimeUnit.MILLISECONDS.toNanos(limits.writeTimeoutMillis());
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon(name + "-worker"));
        pool.prestartAllCoreThreads(); // a fixed set from the start: thread counts say nothing but leaks
        this.workers = pool;
        this.loop = new Thread(this::run, name + "-io");
        this.loop.setDaemon(true);
    }

    /**
     * Binds {@code address}; {@link #start()} then serves {@code handler} (connections wait in the backlog till then).
     *
     * @throws IOException when the address cannot be bound
     */
    static ApiHttpServer bind(InetSocketAddress address, Limits limits, HttpHandler handler, int workerThreads,
                               String name) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        return new ApiHttpServer(server, selector, limits, handler, workerThreads, name);
    }

    /** Starts serving. */
    void start() {
        loop.start();
    }

    /** The bound address (the real port when 0 was asked for). */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("server socket closed", e);
        }
    }

    /** Connections open right now. */
    int openConnections() {
        return openCount.get();
    }

    /** Stops accepting, closes every connection and stops the threads; waits at most 5 s. Idempotent. */
    @Override
    public void close() {
        running = false;
        if (!loop.isAlive() && loop.getState() == Thread.State.NEW) {
            closeQuietly(server);
            closeQuietly(selector);
            workers.shutdownNow();
            return;
        }
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    // ------------------------------------------------------------------ the selector thread

    private void run() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        try {
            while (running) {
                selector.select(100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (RuntimeException e) { // one connection's trouble must not stop the API
                        LOG.warn("toxiproxy: API write hand-over failed", e);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + SWEEP_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("toxiproxy: API server loop failed; the API is down", e);
        } finally {
            for (Conn c : new ArrayList<>(open)) {
                c.close("server stopped");
            }
            closeQuietly(server);
            try {
                selector.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            try {
                accept();
            } catch (RuntimeException e) {
                LOG.warn("toxiproxy: API accept failed", e);
            }
            return;
        }
        Conn c = (Conn) key.attachment();
        try {
            if (key.isReadable()) {
                c.onReadable();
            }
            if (key.isValid() && key.isWritable()) {
                c.onWritable();
            }
        } catch (IOException e) {
            c.close(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("toxiproxy: API connection {} failed", c.remote, e);
            c.close(e.toString());
        }
    }

    private void accept() {
        for (int i = 0; i < 64; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                LOG.warn("toxiproxy: API accept failed: {}", e.getMessage());
                return;
            }
            if (ch == null) {
                return;
            }
            if (open.size() >= limits.maxConnections() && !evictOne()) {
                closeQuietly(ch); // every connection is being answered: the newcomer waits for none of them
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn c = new Conn(ch, (InetSocketAddress) ch.getRemoteAddress());
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                open.add(c);
                openCount.incrementAndGet();
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** Closes the connection that has waited longest for its client (reading, idle or lingering). */
    private boolean evictOne() {
        Conn victim = null;
        for (Conn c : open) {
            if ((c.state == State.READ || c.state == State.LINGER)
                    && (victim == null || c.phaseStart - victim.phaseStart < 0)) {
                victim = c;
            }
        }
        if (victim == null) {
            return false;
        }
        victim.close("connection limit " + limits.maxConnections() + " reached; closed the longest waiting");
        return true;
    }

    private void sweep(long now) {
        List<Conn> expired = null;
        for (Conn c : open) {
            if (c.deadline != Long.MAX_VALUE && now - c.deadline >= 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(c);
            }
        }
        if (expired != null) {
            for (Conn c : expired) {
                c.close(c.phase() + " timeout");
            }
        }
    }

    // ------------------------------------------------------------------ one connection

    /** A parse failure the transport answers itself. */
    private static final class Reject extends Exception {
        final int status;

        Reject(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The parsed request head. */
    private record Head(String method, URI uri, String protocol, Headers headers, boolean keepAlive,
                        boolean chunked, long contentLength, boolean expectContinue) {
    }

    private final class Conn {
        final SocketChannel ch;
        final InetSocketAddress remote;
        SelectionKey key;
        State state = State.READ;
        boolean idle;
        long phaseStart = System.nanoTime();
        long deadline = phaseStart + readNanos;
        byte[] buf = new byte[0];
        int len;
        int scanFrom;
        Chunked chunked;
        Head head;
        int headEnd;
        long drain = -1;
        ByteBuffer out;
        boolean closeAfterWrite;
        boolean closed;

        Conn(SocketChannel ch, InetSocketAddress remote) {
            this.ch = ch;
            this.remote = remote;
        }

        String phase() {
            if (state == State.READ) {
                return idle ? "idle" : head == null ? "read (request head)" : "read (request body)";
            }
            return state.name().toLowerCase(Locale.ROOT);
        }

        void onReadable() throws IOException {
            for (int i = 0; i < READS_PER_WAKEUP && !closed && state != State.PROCESS && state != State.WRITE; i++) {
                readBuffer.clear();
                int n = ch.read(readBuffer);
                if (n < 0) {
                    close("client closed");
                    return;
                }
                if (n == 0) {
                    return;
                }
                readBuffer.flip();
                if (state == State.LINGER) {
                    continue;
                }
                if (idle) {
                    idle = false;
                    phaseStart = System.nanoTime();
                    deadline = phaseStart + readNanos;
                }
                if (drain >= 0) {
                    drain -= n;
                    if (drain <= 0) {
                        drain = -1;
                        rejectTooLarge();
                        return;
                    }
                    continue;
                }
                if (!append(readBuffer)) {
                    return;
                }
                parse();
            }
        }

        /** Appends to the request buffer within the limits; false when the connection was answered instead. */
        private boolean append(ByteBuffer data) {
            int n = data.remaining();
            // a head may end inside this read with body bytes after it: parse() judges the head's own size
            if (head == null && len + (long) n > limits.maxHeadBytes() + (long) readBuffer.capacity()) {
                reject(new Reject(431, "431 Request Header Fields Too Large"));
                return false;
            }
            // chunked framing may cost more than the body it carries, but not without bound
            if (head != null && head.chunked() && len + (long) n - headEnd > 2L * limits.maxBodyBytes() + 64 * 1024) {
                reject(new Reject(413, null));
                return false;
            }
            if (len + n > buf.length) {
                int capacity = (int) Math.min(Math.max(buf.length * 2L, Math.max(len + n, 1024)), Integer.MAX_VALUE - 8);
                if (buffered + capacity - buf.length > MAX_BUFFERED_BYTES) {
                    reject(new Reject(503, "503 Service Unavailable"));
                    return false;
                }
                buffered += capacity - buf.length;
                buf = Arrays.copyOf(buf, capacity);
            }
            data.get(buf, len, n);
            len += n;
            return true;
        }

        private void parse() {
            try {
                if (head == null) {
                    int end = headEnd();
                    if (end < 0 ? len > limits.maxHeadBytes() : end > limits.maxHeadBytes()) {
                        throw new Reject(431, "431 Request Header Fields Too Large");
                    }
                    if (end < 0) {
                        return;
                    }
                    headEnd = end;
                    head = parseHead(new String(buf, 0, end, StandardCharsets.ISO_8859_1));
                    if (head.contentLength() > limits.maxBodyBytes()) {
                        if (head.expectContinue()) {
                            throw new Reject(413, null); // the client has not sent the body: nothing to drain
                        }
                        startDrain();
                        return;
                    }
                    if (head.expectContinue() && len == headEnd && (head.chunked() || head.contentLength() > 0)) {
                        ch.write(ByteBuffer.wrap(CONTINUE));
                    }
                }
                byte[] body;
                int end;
                if (head.chunked()) {
                    if (chunked == null) {
                        chunked = new Chunked(headEnd);
                    }
                    int[] endOut = new int[1];
                    body = chunked.feed(buf, len, limits.maxBodyBytes(), endOut);
                    if (body == null) {
                        return;
                    }
                    end = endOut[0];
                } else {
                    if (len - headEnd < head.contentLength()) {
                        return;
                    }
                    end = headEnd + (int) head.contentLength();
                    body = Arrays.copyOfRange(buf, headEnd, end);
                }
                dispatch(body, end);
            } catch (Reject r) {
                reject(r);
            } catch (IOException e) {
                close(e.getMessage());
            }
        }

        /** The end of the request head (after the empty line), or -1 when it has not all arrived. */
        private int headEnd() {
            for (int i = scanFrom; i < len; i++) {
                if (buf[i] == '\n') {
                    if (i + 1 < len && buf[i + 1] == '\n') {
                        return i + 2;
                    }
                    if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                        return i + 3;
                    }
                }
            }
            scanFrom = Math.max(0, len - 2);
            return -1;
        }

        private void startDrain() throws Reject {
            if (head.contentLength() > MAX_DRAIN_BYTES) {
                throw new Reject(413, null);
            }
            long already = len - headEnd;
            drain = head.contentLength() - already;
            release();
            if (drain <= 0) {
                drain = -1;
                rejectTooLarge();
            }
        }

        private void rejectTooLarge() {
            reject(new Reject(413, null));
        }

        private void dispatch(byte[] body, int end) {
            Head h = head;
            int leftover = len - end;
            System.arraycopy(buf, end, buf, 0, leftover);
            len = leftover;
            scanFrom = 0;
            chunked = null;
            head = null;
            state = State.PROCESS;
            deadline = Long.MAX_VALUE;
            key.interestOps(0);
            long started = System.nanoTime();
            String requestId = Xid.next();
            InetSocketAddress local;
            try {
                local = (InetSocketAddress) ch.getLocalAddress();
            } catch (IOException e) {
                local = null;
            }
            HttpExchange ex = new HttpExchange(h.method(), h.uri(), h.protocol(), h.headers(), body, remote, local,
                    done -> respond(done, h, requestId, started));
            ex.getResponseHeaders().set("X-Toxiproxy-Request-Id", requestId);
            try {
                workers.execute(() -> {
                    try {
                        handler.handle(ex);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("toxiproxy: API handler failed on {} {}", h.method(), h.uri(), e);
                    } finally {
                        ex.close();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                close("server stopping");
            }
        }

        /** On the worker thread: serialises the answer and hands it to the selector thread. */
        private void respond(HttpExchange ex, Head h, String requestId, long started) {
            boolean close = !h.keepAlive() || !running;
            int status = ex.status();
            byte[] body = ex.body();
            boolean bodyless = status < 200 || status == 204 || status == 304;
            Headers headers = ex.getResponseHeaders();
            if (close) {
                headers.set("Connection", "close");
            }
            if (!bodyless && !h.method().equals("HEAD")) {
                headers.set("Content-Length", Integer.toString(body.length));
            } else {
                body = new byte[0];
            }
            headers.set("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            byte[] bytes = serialise(status, headers, body);
            if (limits.accessLog()) {
                ACCESS.info("request_id={} client={} method={} url={} user_agent=\"{}\" status={} size={} duration={}",
                        requestId, remote.getAddress().getHostAddress() + ":" + remote.getPort(), h.method(),
                        h.uri().getRawPath() + (h.uri().getRawQuery() == null ? "" : "?" + h.uri().getRawQuery()),
                        java.util.Objects.toString(h.headers().getFirst("User-Agent"), ""), status, body.length,
                        String.format(Locale.ROOT, "%.3f", (System.nanoTime() - started) / 1e6));
            }
            tasks.add(() -> startWrite(bytes, close));
            selector.wakeup();
        }

        private void reject(Reject r) {
            String body;
            Headers headers = new Headers();
            if (r.status == 413) {
                headers.set("X-Content-Type-Options", "nosniff");
                body = Json.error("bad request body: request body larger than " + limits.maxBodyBytes() + " bytes",
                        413, null, false) + "\n";
            } else {
                body = r.getMessage();
            }
            LOG.debug("toxiproxy: API client {}: {}", remote, body.strip());
            release();
            head = null;
            drain = -1;
            state = State.PROCESS;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.set("Connection", "close");
            headers.set("Content-Type", "text/plain; charset=utf-8");
            headers.set("Content-Length", Integer.toString(bytes.length));
            headers.set("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            startWrite(serialise(r.status, headers, bytes), true);
        }

        void startWrite(byte[] bytes, boolean close) {
            if (closed) {
                return;
            }
            state = State.WRITE;
            out = ByteBuffer.wrap(bytes);
            closeAfterWrite = close;
            phaseStart = System.nanoTime();
            deadline = phaseStart + writeNanos;
            try {
                onWritable();
                if (!closed && state == State.WRITE) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
            } catch (IOException e) {
                close(e.getMessage());
            }
        }

        void onWritable() throws IOException {
            if (state != State.WRITE) {
                return;
            }
            ch.write(out);
            if (out.hasRemaining()) {
                return;
            }
            out = null;
            phaseStart = System.nanoTime();
            if (closeAfterWrite) {
                release();
                state = State.LINGER;
                deadline = phaseStart + Math.min(LINGER_NANOS, readNanos);
                ch.shutdownOutput();
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            state = State.READ;
            key.interestOps(SelectionKey.OP_READ);
            if (len > 0) {
                idle = false;
                deadline = phaseStart + readNanos;
                parse();
            } else {
                idle = true;
                deadline = phaseStart + idleNanos;
                if (buf.length > 4096) {
                    release();
                }
            }
        }

        private void release() {
            buffered -= buf.length;
            buf = new byte[0];
            len = 0;
            scanFrom = 0;
            chunked = null;
        }

        void close(String why) {
            if (closed) {
                return;
            }
            closed = true;
            LOG.debug("toxiproxy: API connection {} closed in {}: {}", remote, phase(), why);
            buffered -= buf.length;
            buf = new byte[0];
            if (key != null) {
                key.cancel();
            }
            closeQuietly(ch);
            if (open.remove(this)) {
                openCount.decrementAndGet();
            }
        }
    }

    // ------------------------------------------------------------------ parsing

    private static Head parseHead(String text) throws Reject {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.substring(start, end));
                start = i + 1;
            }
        }
        String requestLine = lines.get(0);
        int sp1 = requestLine.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
            throw new Reject(400, "400 Bad Request: malformed HTTP request");
        }
        String method = requestLine.substring(0, sp1);
        String target = requestLine.substring(sp1 + 1, sp2);
        String protocol = requestLine.substring(sp2 + 1);
        if (!isToken(method)) {
            throw new Reject(400, "400 Bad Request: invalid method");
        }
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            throw protocol.matches("HTTP/[0-9]\\.[0-9]")
                    ? new Reject(505, "505 HTTP Version Not Supported: unsupported protocol version")
                    : new Reject(400, "400 Bad Request: malformed HTTP version");
        }
        URI uri = requestUri(target, method);
        Headers headers = new Headers();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new Reject(400, "400 Bad Request: malformed MIME header line");
            }
            String value = line.substring(colon + 1).strip();
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new Reject(400, "400 Bad Request: invalid header value");
                }
            }
            headers.add(line.substring(0, colon), value);
        }
        boolean http11 = protocol.equals("HTTP/1.1");
        List<String> hosts = headers.get("Host");
        if (hosts != null && hosts.size() > 1 || http11 && hosts == null) {
            throw new Reject(400, "400 Bad Request: " + (hosts == null ? "missing required" : "too many") + " Host header");
        }
        String connection = String.valueOf(headers.getFirst("Connection")).toLowerCase(Locale.ROOT);
        boolean keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
        List<String> te = headers.get("Transfer-Encoding");
        List<String> cl = headers.get("Content-Length");
        boolean chunked = false;
        long length = 0;
        if (te != null) {
            if (te.size() != 1 || !te.get(0).equalsIgnoreCase("chunked")) {
                throw new Reject(501, "501 Not Implemented: unsupported transfer encoding");
            }
            if (cl != null) {
                throw new Reject(400, "400 Bad Request: both Transfer-Encoding and Content-Length");
            }
            chunked = true;
        } else if (cl != null) {
            String first = cl.get(0);
            for (String v : cl) {
                if (!v.equals(first)) {
                    throw new Reject(400, "400 Bad Request: conflicting Content-Length");
                }
            }
            if (first.isEmpty() || first.length() > 18 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new Reject(400, "400 Bad Request: bad Content-Length");
            }
            length = Long.parseLong(first);
        }
        String expect = headers.getFirst("Expect");
        boolean expectContinue = false;
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                throw new Reject(417, "417 Expectation Failed");
            }
            expectContinue = true;
        }
        return new Head(method, uri, protocol, headers, keepAlive, chunked, length, expectContinue);
    }

    /** The request target as a URI: origin form ({@code /path?query}) or absolute form; the path must decode. */
    private static URI requestUri(String target, String method) throws Reject {
        String t = target;
        if (t.startsWith("http://") || t.startsWith("https://")) {
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        } else if (t.equals("*") && method.equals("OPTIONS")) {
            t = "*";
        } else if (!t.startsWith("/")) {
            throw new Reject(400, "400 Bad Request: invalid request URI");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '%' && (i + 2 >= t.length() || !isHex(t.charAt(i + 1)) || !isHex(t.charAt(i + 2)))) {
                throw new Reject(400, "400 Bad Request: invalid URL escape");
            }
        }
        try {
            return new URI(t);
        } catch (URISyntaxException e) {
            // Go accepts characters java.net.URI does not ({, |, ^, non-ASCII bytes...): escape them
            StringBuilder b = new StringBuilder();
            for (byte x : t.getBytes(StandardCharsets.ISO_8859_1)) {
                int c = x & 0xff;
                if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
                    b.append((char) c);
                } else {
                    b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                }
            }
            try {
                return new URI(b.toString());
            } catch (URISyntaxException again) {
                throw new Reject(400, "400 Bad Request: invalid request URI");
            }
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** RFC 9110 token: visible ASCII except delimiters. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] serialise(int status, Headers headers, byte[] body) {
        StringBuilder b = new StringBuilder(256);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (Map.Entry<String, List<String>> e : headers.map().entrySet()) {
            for (String v : e.getValue()) {
                b.append(e.getKey()).append(": ").append(v.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
            }
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 409: return "Conflict";
            case 413: return "Request Entity Too Large";
            case 417: return "Expectation Failed";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status;
        }
    }

    /**
     * Chunked transfer coding (RFC 9112 section 7.1), decoded incrementally from a buffer that grows as bytes arrive:
     * each call goes on where the last one stopped, so a body trickled in tiny chunks costs linear time.
     */
    static final class Chunked {
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        /** Index of the next size line, chunk data or trailer line. */
        private int pos;
        /** Size of the chunk whose data starts at {@code pos}, or -1 when a size line is expected there. */
        private long pending = -1;
        private boolean trailer;

        Chunked(int from) {
            this.pos = from;
        }

        /** The decoded body once complete ({@code endOut[0]}: the index after it), or null when more is needed. */
        byte[] feed(byte[] buf, int to, int maxBody, int[] endOut) throws Reject {
            while (true) {
                if (pending >= 0) {
                    int q = pos + (int) pending; // the data must be followed by CRLF (or a bare LF)
                    if (q >= to || buf[q] == '\r' && q + 1 >= to) {
                        return null;
                    }
                    int next = buf[q] == '\n' ? q + 1 : buf[q] == '\r' && buf[q + 1] == '\n' ? q + 2 : -1;
                    if (next < 0) {
                        throw new Reject(400, "400 Bad Request: malformed chunked encoding");
                    }
                    body.write(buf, pos, (int) pending);
                    pos = next;
                    pending = -1;
                    continue;
                }
                int eol = lineEnd(buf, pos, to);
                if (eol < 0) {
                    if (to - pos > 4096) {
                        throw new Reject(400, "400 Bad Request: malformed chunked encoding");
                    }
                    return null;
                }
                int lineStart = pos;
                pos = eol + (buf[eol] == '\r' ? 2 : 1);
                if (trailer) {
                    if (eol == lineStart) {
                        endOut[0] = pos;
                        return body.toByteArray();
                    }
                    continue;
                }
                String line = new String(buf, lineStart, eol - lineStart, StandardCharsets.ISO_8859_1);
                int semi = line.indexOf(';');
                String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
                if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new Reject(400, "400 Bad Request: malformed chunked encoding");
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    trailer = true;
                } else if (body.size() + size > maxBody) {
                    throw new Reject(413, null);
                } else {
                    pending = size;
                }
            }
        }

        /** Index of the CR of CRLF (or of a bare LF) ending the line at {@code p}, or -1. */
        private static int lineEnd(byte[] buf, int p, int to) {
            for (int i = p; i < to; i++) {
                if (buf[i] == '\n') {
                    return i > p && buf[i - 1] == '\r' ? i - 1 : i;
                }
            }
            return -1;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
