package io.chaosharness.env.internal;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries zonky extracted from the Maven artifact, found where zonky puts them
 * ({@code <working dir>/PG-<md5 of the archive>/bin}), so the harness can run {@code initdb --no-sync} itself:
 * zonky's own initdb syncs every file to disk, which on a machine busy with other builds turned a 0.5 s initdb into
 * many seconds. Durability of a throw-away test cluster is not needed. When the binaries are not extracted yet
 * (first run on a machine), zonky's initdb is used and extracts them.
 */
final class PostgresBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static volatile Optional<Path> cached;

    private PostgresBinaries() {
    }

    /** The extracted {@code bin} directory, if there is one. */
    static synchronized Optional<Path> binDir() {
        if (cached != null && cached.isPresent()) {
            return cached;
        }
        cached = locate();
        return cached;
    }

    private static Optional<Path> locate() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        String osArch = System.getProperty("os.arch", "");
        String arch = "amd64".equals(osArch) ? "x86_64" : ArchUtils.normalize(osArch);
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
            String workingDir = System.getProperty("ot.epg.working-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString());
            Path bin = Path.of(workingDir, "PG-" + HexFormat.of().formatHex(md5.digest()), "bin");
            return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres"))
                    ? Optional.of(bin) : Optional.empty();
        } catch (Exception e) {
            LOG.debug("PostgreSQL binaries not located: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Runs {@code initdb --no-sync} into {@code dataDir} (trust auth, superuser {@code postgres}, UTF-8), as zonky
     * would (prefixed with {@code unshare -U} where zonky does so, i.e. as root). Returns false when the binaries are
     * not available or initdb failed, so the caller can let zonky do it.
     */
    static boolean initdbNoSync(Path dataDir) {
        Optional<Path> bin = binDir();
        if (bin.isEmpty()) {
            return false;
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(bin.get().resolve("initdb").toString(), "-A", "trust", "-U", EmbeddedPostgresServer.SUPERUSER,
                "-D", dataDir.toString(), "-E", "UTF-8", "--no-sync"));
        try {
            Files.createDirectories(dataDir);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("initdb did not finish within 120 s; falling back to zonky's");
            } else if (p.exitValue() == 0) {
                return true;
            } else {
                LOG.warn("initdb exited with {}; falling back to zonky's: {}", p.exitValue(), output.strip());
            }
        } catch (IOException e) {
            LOG.warn("initdb could not run; falling back to zonky's: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        InstanceRegistry.deleteRecursively(dataDir);
        return false;
    }
}
