package io.chaosharness.env.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness's instances on this machine, one directory each under
 * {@code ${java.io.tmpdir}/chaos-harness/instances/<id>/}:
 * <pre>
 *   owner        pid of the owning JVM and when it started (for people and for diagnostics)
 *   owner.lock   held with an exclusive file lock for as long as the owning JVM lives
 *   data/        the PostgreSQL data directory (with postmaster.pid while the server runs)
 * </pre>
 * The operating system drops the lock when the owning JVM dies, even by SIGKILL, so a directory whose lock can be
 * taken belongs to a dead JVM: {@link #reapStale()} stops its postmaster (immediate shutdown) and deletes it.
 * <p>
 * The locks are POSIX record locks, which belong to the process, not to the channel: closing <em>any</em> descriptor
 * of a lock file releases this JVM's lock on it. So the reaper never opens a lock file this JVM holds ({@link #HELD},
 * by file identity): once it did, and the next JVM's reaper took a live instance for a dead one, stopped its
 * postmaster and deleted its data directory in the middle of a test run.
 */
public final class InstanceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceRegistry.class);
    private static final String OWNER = "owner";
    private static final String OWNER_LOCK = "owner.lock";
    private static final Duration POSTMASTER_EXIT_WAIT = Duration.ofSeconds(10);

    /** The identities ({@link BasicFileAttributes#fileKey()}) of the lock files this JVM holds, or their paths. */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    private final Path root;

    public InstanceRegistry(Path root) {
        this.root = root;
    }

    /** The registry in the well-known place, {@code ${java.io.tmpdir}/chaos-harness/instances}. */
    public static InstanceRegistry standard() {
        return new InstanceRegistry(Path.of(System.getProperty("java.io.tmpdir"), "chaos-harness", "instances"));
    }

    public Path root() {
        return root;
    }

    /** Creates a new instance directory owned by this JVM; close the returned handle to release and delete it. */
    public Instance create(String kind) {
        try {
            Files.createDirectories(root);
            String id = kind + "-" + UUID.randomUUID().toString().substring(0, 8);
            // Lock first under a hidden name, then rename: a reaper never sees an unlocked live instance.
            Path staging = Files.createDirectory(root.resolve("." + id));
            FileChannel channel = FileChannel.open(staging.resolve(OWNER_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            Object held = identity(staging.resolve(OWNER_LOCK));
            HELD.add(held);
            long pid = ProcessHandle.current().pid();
            Files.writeString(staging.resolve(OWNER), "pid=" + pid + "\nstarted=" + Instant.now() + "\n",
                    StandardCharsets.UTF_8);
            Path dir = Files.move(staging, root.resolve(id));
            return new Instance(id, dir, channel, lock, held);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create an instance directory under " + root, e);
        }
    }

    /**
     * Finds instances whose owning JVM is gone, stops their PostgreSQL server and deletes their directory.
     * Instances owned by live JVMs (this one included) are left alone. Returns the ids reaped.
     */
    public List<String> reapStale() {
        List<String> reaped = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return reaped;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                boolean staging = dir.getFileName().toString().startsWith(".");
                if (staging ? reapStagingIfAbandoned(dir) : reapIfStale(dir)) {
                    reaped.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list {}: {}", root, e.toString());
        }
        return reaped;
    }

    /** A hidden directory is an instance being created; abandoned when its JVM died before the rename (no server yet). */
    private boolean reapStagingIfAbandoned(Path dir) {
        Optional<Long> owner = ownerPid(dir);
        boolean ownerDead = owner.isPresent() && ProcessHandle.of(owner.get()).map(h -> !h.isAlive()).orElse(true);
        boolean oldWithoutOwner = false;
        if (owner.isEmpty()) {
            try {
                oldWithoutOwner = Files.getLastModifiedTime(dir).toInstant().isBefore(Instant.now().minusSeconds(60));
            } catch (IOException e) {
                return false;
            }
        }
        if (!ownerDead && !oldWithoutOwner) {
            return false;
        }
        deleteRecursively(dir);
        return true;
    }

    private boolean reapIfStale(Path dir) {
        Path lockFile = dir.resolve(OWNER_LOCK);
        if (Files.exists(lockFile) && HELD.contains(identity(lockFile))) {
            return false; // this JVM's own: opening and closing the file would drop its lock
        }
        if (!Files.exists(lockFile)) {
            // Being created right now, or a leftover without a lock: only reap when the owner pid is known dead.
            Optional<Long> owner = ownerPid(dir);
            if (owner.isEmpty() || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                return false;
            }
            return reap(dir);
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException ownedHere) {
                return false;
            }
            if (lock == null) {
                return false; // its JVM is alive
            }
            try {
                return reap(dir);
            } finally {
                if (lock.isValid()) {
                    lock.release();
                }
            }
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            LOG.warn("could not inspect instance {}: {}", dir.getFileName(), e.toString());
            return false;
        }
    }

    private boolean reap(Path dir) {
        LOG.info("reaping stale instance {} (owner {})", dir.getFileName(), ownerPid(dir).map(String::valueOf).orElse("unknown"));
        stopPostmaster(dir.resolve("data"));
        deleteRecursively(dir);
        return true;
    }

    /** A file's identity (device and inode where the file system has them), else its absolute path. */
    private static Object identity(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (key != null) {
                return key;
            }
        } catch (IOException e) {
            // fall back to the path
        }
        return file.toAbsolutePath().normalize();
    }

    static Optional<Long> ownerPid(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve(OWNER), StandardCharsets.UTF_8)) {
                if (line.startsWith("pid=")) {
                    return Optional.of(Long.parseLong(line.substring(4).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable owner file: treat as unknown
        }
        return Optional.empty();
    }

    /**
     * The postmaster named in {@code postmaster.pid} of a data directory, if that pid is a live postmaster of
     * <em>this</em> data directory. A {@code postmaster.pid} left behind by a server that died names a pid the
     * kernel hands out again within minutes on a busy machine (pid_max is often 32768), and any backend of any
     * other PostgreSQL is also a "postgres" process: so the pid only counts when its command line is a postmaster's
     * ({@code postgres -D <dir>}, as pg_ctl starts it; a backend rewrites its own to "postgres: user db ...") naming
     * this directory. Only that process is ever signalled by {@link #stopPostmaster}.
     */
    public static Optional<ProcessHandle> livePostmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(InstanceRegistry::isRunning)
                    .filter(h -> isPostmasterOf(h, dataDir));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the process is a postgres binary whose arguments hold {@code -D dataDir} (or {@code -Ddir},
     * {@code --pgdata}), as pg_ctl starts a postmaster; a backend's rewritten command line holds no such argument.
     */
    static boolean isPostmasterOf(ProcessHandle handle, Path dataDir) {
        ProcessHandle.Info info = handle.info();
        if (!info.command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false)) {
            return false;
        }
        String[] args = info.arguments().orElse(new String[0]);
        Path wanted = canonical(dataDir);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String dir = null;
            if ((a.equals("-D") || a.equals("--pgdata")) && i + 1 < args.length) {
                dir = args[i + 1];
            } else if (a.startsWith("-D") && a.length() > 2) {
                dir = a.substring(2);
            } else if (a.startsWith("--pgdata=")) {
                dir = a.substring("--pgdata=".length());
            }
            if (dir != null && canonical(Path.of(dir)).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static Path canonical(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * Immediate shutdown of the postmaster of {@code dataDir}: SIGQUIT (PostgreSQL's immediate mode, which also
     * stops the backends), then SIGKILL if it is still there after a bounded wait.
     */
    public static void stopPostmaster(Path dataDir) {
        Optional<ProcessHandle> postmaster = livePostmaster(dataDir);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle handle = postmaster.get();
        List<ProcessHandle> children = handle.children().toList();
        signal(handle.pid(), "QUIT");
        if (!awaitExit(handle, POSTMASTER_EXIT_WAIT)) {
            LOG.warn("postmaster {} ignored SIGQUIT, killing it", handle.pid());
            handle.destroyForcibly();
            awaitExit(handle, POSTMASTER_EXIT_WAIT);
        }
        for (ProcessHandle child : children) {
            if (isRunning(child) && !awaitExit(child, Duration.ofSeconds(2))) {
                child.destroyForcibly();
            }
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until {@code handle} has exited, polling every 10 ms (a postmaster is not our child, and the JDK's
     * {@code onExit} polls non-children slowly). A zombie counts as exited: it holds no port and no file.
     */
    static boolean awaitExit(ProcessHandle handle, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (isRunning(handle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(handle);
            }
        }
        return true;
    }

    /** Alive and not a zombie (state {@code Z} in {@code /proc/<pid>/stat}). */
    static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return handle.isAlive();
        }
    }

    /** Deletes a directory tree; missing files are fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /** One instance directory owned (locked) by this JVM. */
    public static final class Instance implements AutoCloseable {
        private final String id;
        private final Path dir;
        private final FileChannel channel;
        private final FileLock lock;
        private final Object held;

        Instance(String id, Path dir, FileChannel channel, FileLock lock, Object held) {
            this.id = id;
            this.dir = dir;
            this.channel = channel;
            this.lock = lock;
            this.held = held;
        }

        public String id() {
            return id;
        }

        public Path dir() {
            return dir;
        }

        public Path dataDir() {
            return dir.resolve("data");
        }

        /** Releases the lock and deletes the directory. Stop the server first. */
        @Override
        public void close() {
            deleteRecursively(dataDir());
            try {
                if (lock.isValid()) {
                    lock.release();
                }
                channel.close();
            } catch (IOException e) {
                LOG.warn("could not release lock of {}: {}", id, e.toString());
            }
            HELD.remove(held);
            deleteRecursively(dir);
        }
    }
}
