package io.chaosharness.cli;

import io.chaosharness.core.Secrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An application under test as a child process: started from a shell command line with extra environment variables
 * (the database URL through the proxy, ...), optionally waited for until a readiness URL answers, and stopped with
 * its whole process tree. Used by {@code ./harness env --app-command} and {@code ./harness run --app}.
 * <pre>
 *   try (AppProcess app = AppProcess.builder("node server.js")
 *           .environment(Map.of("DATABASE_URL", url)).workingDirectory(Path.of("app"))
 *           .readyUrl(URI.create("http://127.0.0.1:3000/health")).readyTimeout(Duration.ofSeconds(60))
 *           .output(line -> console.say("app | " + line)).secret(password)
 *           .start()) {
 *       app.awaitReady();          // NotReadyException (named: URL, last answer, last output lines) or returns
 *       ...                        // drive it
 *   }                              // close(): SIGTERM to the tree, then SIGKILL after the stop grace
 * </pre>
 * The command runs as {@code /bin/sh -c COMMAND}, so quoting, {@code cd x && ...} and {@code $VARS} work as in a
 * shell. Standard output and error are merged and read line by line on a daemon thread; each line goes to the
 * {@linkplain Builder#output output} with the {@linkplain Builder#secret secrets} masked, and the last
 * {@value #TAIL_LINES} lines are kept for error messages. Thread-safe.
 */
public final class AppProcess implements AutoCloseable {

    /** How many of the last output lines a {@link NotReadyException} (and {@link #tail()}) carries. */
    public static final int TAIL_LINES = 20;
    /** Default bound of {@link #awaitReady()}. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    /** Default time the process tree gets between SIGTERM and SIGKILL in {@link #close()}. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(200);

    private final Builder config;
    private final Process process;
    private final Thread reader;
    private final Deque<String> tail = new ArrayDeque<>();
    /** Every process of the tree seen so far (root and descendants), so children orphaned later are still stopped. */
    private final Set<ProcessHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private AppProcess(Builder config, Process process) {
        this.config = config;
        this.process = process;
        seen.add(process.toHandle());
        this.reader = new Thread(this::pump, "app-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** A builder for the shell command line {@code command} (e.g. {@code node server.js}); not started. */
    public static Builder builder(String command) {
        return new Builder(command);
    }

    /** The root process's id (the shell, or the command it exec'd). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the root process has ended. */
    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** The readiness URL, if one was given. */
    public Optional<URI> readyUrl() {
        return Optional.ofNullable(config.readyUrl);
    }

    /** The root process and its descendants alive now. */
    public List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle root = process.toHandle();
        if (root.isAlive()) {
            tree.add(root);
        }
        root.descendants().filter(ProcessHandle::isAlive).forEach(tree::add);
        return tree;
    }

    /** The last {@value #TAIL_LINES} lines the process printed (masked). */
    public List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /**
     * Waits until the readiness URL answers a 2xx status to a {@code GET}, at most the ready timeout; returns at once
     * without a readiness URL. Fails fast when the process exits.
     *
     * @throws NotReadyException naming the URL, the timeout or the exit code, the last answer and the last output
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitReady() throws InterruptedException {
        if (config.readyUrl == null) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + config.readyTimeout.toNanos();
        String last = "no answer yet";
        while (true) {
            remember();
            if (!process.isAlive()) {
                throw new NotReadyException("the application exited with code " + process.exitValue()
                        + " before " + config.readyUrl + " answered (last: " + last + ")", tailAfterExit());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new NotReadyException("the application did not become ready: " + config.readyUrl
                        + " gave no 2xx answer within " + DurationConverter.format(config.readyTimeout)
                        + " (last: " + last + ")", tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(config.readyUrl).GET()
                        .timeout(Duration.ofNanos(Math.min(left, Duration.ofSeconds(5).toNanos()))).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    /**
     * Stops the whole process tree: SIGTERM to every process of it (the root and each descendant seen, including ones
     * orphaned by a parent that already ended), then SIGKILL to whatever is still alive after the stop grace. Returns
     * once every process of the tree has ended (or, for an unkillable one, after a further bounded wait). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Set<ProcessHandle> signalled = new LinkedHashSet<>();
        long deadline = System.nanoTime() + config.stopGrace.toNanos();
        do {
            remember(); // a process forked while stopping is stopped too
            for (ProcessHandle p : List.copyOf(seen)) {
                // one SIGTERM each: a second one makes some servers skip their graceful shutdown
                if (signalled.add(p)) {
                    p.destroy();
                }
            }
            sleepQuietly(50);
        } while (System.nanoTime() < deadline && anyAlive());
        if (anyAlive()) {
            remember();
            seen.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < killDeadline && anyAlive()) {
                sleepQuietly(20);
            }
        }
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean anyAlive() {
        return seen.stream().anyMatch(ProcessHandle::isAlive);
    }

    private void remember() {
        ProcessHandle root = process.toHandle();
        root.descendants().forEach(seen::add);
        // children of processes seen earlier, even when their parent (and so the root's tree) has let them go
        for (ProcessHandle p : List.copyOf(seen)) {
            p.descendants().forEach(seen::add);
        }
    }

    private List<String> tailAfterExit() {
        try {
            reader.join(1000); // let the last lines of a crashed process arrive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tail();
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String masked = mask(line);
                synchronized (tail) {
                    tail.addLast(masked);
                    while (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                try {
                    config.output.accept(masked);
                } catch (RuntimeException e) {
                    // a broken sink must not stop the pipe: the child would block on a full pipe
                }
            }
        } catch (IOException e) {
            // the stream closed: the process ended or was stopped
        }
    }

    private String mask(String line) {
        String out = Secrets.mask(line);
        for (String s : config.secrets) {
            out = out.replace(s, Secrets.MASK);
        }
        return out;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "AppProcess{pid=" + process.pid() + ", command=" + mask(config.command) + ", alive=" + isAlive() + "}";
    }

    /** The application never answered its readiness URL (or exited first); carries the last lines it printed. */
    public static final class NotReadyException extends IllegalStateException {
        private final List<String> lastOutput;

        NotReadyException(String message, List<String> lastOutput) {
            super(message);
            this.lastOutput = List.copyOf(lastOutput);
        }

        /** The last lines the application printed, masked. */
        public List<String> lastOutput() {
            return lastOutput;
        }
    }

    /** How to start the application. Every setter validates and names the field it rejects. */
    public static final class Builder {
        private final String command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workingDirectory;
        private URI readyUrl;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Duration stopGrace = DEFAULT_STOP_GRACE;
        private Consumer<String> output = line -> { };
        private final Set<String> secrets = new LinkedHashSet<>();

        private Builder(String command) {
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException("the application command must not be empty");
            }
            this.command = command;
        }

        /** Variables added to (or replacing those of) this process's environment for the application. */
        public Builder environment(Map<String, String> variables) {
            Objects.requireNonNull(variables, "environment").forEach((k, v) -> {
                if (k == null || k.isEmpty() || k.contains("=") || v == null) {
                    throw new IllegalArgumentException("environment variable '" + k + "' must have a name without "
                            + "'=' and a value");
                }
                environment.put(k, v);
            });
            return this;
        }

        /** Where the command runs (default: this process's working directory); must be a directory. */
        public Builder workingDirectory(Path dir) {
            if (dir != null && !dir.toFile().isDirectory()) {
                throw new IllegalArgumentException("working directory must be a directory, but was '" + dir + "'");
            }
            this.workingDirectory = dir;
            return this;
        }

        /** The URL that answers 2xx once the application is ready (http or https); none: ready at once. */
        public Builder readyUrl(URI url) {
            if (url != null && (url.getHost() == null || !"http".equalsIgnoreCase(url.getScheme())
                    && !"https".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException("ready URL must be an http://host:port/path URL, but was '"
                        + url + "'");
            }
            this.readyUrl = url;
            return this;
        }

        /** Upper bound of {@link #awaitReady()} (default {@link #DEFAULT_READY_TIMEOUT}); positive. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = positive("ready timeout", timeout);
            return this;
        }

        /** Time between SIGTERM and SIGKILL in {@link #close()} (default {@link #DEFAULT_STOP_GRACE}); positive. */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = positive("stop grace", grace);
            return this;
        }

        /** Receives every line the application prints (stdout and stderr merged), masked; called on one thread. */
        public Builder output(Consumer<String> sink) {
            this.output = Objects.requireNonNull(sink, "output");
            return this;
        }

        /** A value to mask wherever it appears in the application's output (e.g. the database password). */
        public Builder secret(String value) {
            if (value != null && !value.isEmpty()) {
                secrets.add(value);
            }
            return this;
        }

        /** Starts the command; the application may not be ready yet ({@link AppProcess#awaitReady()}). */
        public AppProcess start() throws IOException {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (workingDirectory != null) {
                pb.directory(workingDirectory.toFile());
            }
            pb.environment().putAll(environment);
            return new AppProcess(this, pb.start());
        }

        private static Duration positive(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, but was " + d);
            }
            return d;
        }
    }
}
