package io.chaosharness.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile HTTP clients on real loopback sockets, and the counts (threads, open file descriptors) that show whether a
 * server leaks under them. Linux only where {@code /proc/self} is read.
 */
public final class Hostile {

    private Hostile() {
    }

    /**
     * Sets {@code logger} to INFO until the returned handle is closed. harness-core's tests have no logback
     * configuration, so logback's default logs everything at DEBUG: Jetty's hundred lines per connection would then
     * measure the console, not the server (which runs at INFO in {@code ./harness}).
     */
    public static AutoCloseable infoLevel(String logger) {
        ch.qos.logback.classic.Logger l = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(logger);
        ch.qos.logback.classic.Level before = l.getLevel();
        l.setLevel(ch.qos.logback.classic.Level.INFO);
        return () -> l.setLevel(before);
    }

    /** Threads alive in this JVM. */
    public static int threads() {
        return Thread.getAllStackTraces().size();
    }

    /** Threads alive in this JVM whose names do not start with {@code excludedPrefix} (another owner's pool). */
    public static int threadsExcept(String excludedPrefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith(excludedPrefix)).count();
    }

    /** Names of the threads alive, sorted (for failure messages). */
    public static String threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList().toString();
    }

    /** Open file descriptors of this JVM (sockets included), from {@code /proc/self/fd}. */
    public static int fds() {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return (int) list.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/self/fd", e);
        }
    }

    /** The soft limit of open files of this JVM ({@code ulimit -n} as the JVM raised it), from /proc/self/limits. */
    public static long openFileLimit() {
        try {
            Matcher m = Pattern.compile("Max open files\\s+(\\d+|unlimited)").matcher(
                    Files.readString(Path.of("/proc/self/limits")));
            if (!m.find()) {
                throw new IllegalStateException("no 'Max open files' line in /proc/self/limits");
            }
            return m.group(1).equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/limits", e);
        }
    }

    /**
     * Opens {@code count} connections to {@code port} on 127.0.0.1 that each send {@code prefix} (a request cut short)
     * and then nothing. The caller closes them.
     */
    public static List<Socket> halfSent(int port, int count, String prefix) {
        List<Socket> sockets = new ArrayList<>(count);
        byte[] bytes = prefix.getBytes(StandardCharsets.ISO_8859_1);
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                sockets.add(s);
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            closeAll(sockets);
            throw new UncheckedIOException("opening half-sent connection " + sockets.size() + " of " + count, e);
        }
        return sockets;
    }

    /** How many of {@code sockets} the server has not closed yet (a read that neither ends nor fails in 1 ms). */
    public static int stillOpen(List<Socket> sockets) {
        int open = 0;
        byte[] sink = new byte[4096];
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                InputStream in = s.getInputStream();
                int n;
                do {
                    n = in.read(sink);
                } while (n > 0);
            } catch (SocketTimeoutException e) {
                open++;
            } catch (SocketException e) {
                // reset by the server: closed
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return open;
    }

    public static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Result of one raw HTTP/1.1 exchange: status (-1 when the server closed without an answer) and time taken. */
    public record Answer(int status, String response, long nanos) {
        public double millis() {
            return nanos / 1e6;
        }
    }

    /**
     * Sends {@code request} (raw bytes, normally with {@code Connection: close}) on a fresh connection and reads the
     * answer until the server closes, at most {@code timeoutMs}.
     */
    public static Answer exchange(int port, byte[] request, int timeoutMs) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before taking all of a hostile request: read what it said
            }
            byte[] all;
            try {
                all = s.getInputStream().readAllBytes();
            } catch (SocketException e) {
                all = new byte[0];
            }
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int status = -1;
            if (text.startsWith("HTTP/1.1 ") && text.length() >= 12) {
                status = Integer.parseInt(text.substring(9, 12));
            }
            return new Answer(status, text, System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException("exchange with 127.0.0.1:" + port + " failed after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms", e);
        }
    }

    /** {@code METHOD path HTTP/1.1} with Host, Connection: close and, when given, a body with Content-Length. */
    public static byte[] request(String method, String path, String body) {
        String b = body == null ? "" : body;
        return (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: hostile-test\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
                + b.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n" + b).getBytes(StandardCharsets.UTF_8);
    }
}
