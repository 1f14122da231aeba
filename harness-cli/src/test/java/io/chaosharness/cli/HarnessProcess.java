package io.chaosharness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./harness} as a real child JVM on the test classpath (what the shaded jar holds), with its own working
 * directory, environment variables and temporary directory; stdout and stderr go to files so a test can read
 * everything the process printed.
 */
final class HarnessProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private HarnessProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code harness args...} in {@code workDir} (its {@code java.io.tmpdir} is {@code workDir/tmp}). */
    static HarnessProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Djava.io.tmpdir=" + tmp,
                // reuse the PostgreSQL binaries already extracted for the other tests
                "-Dot.epg.working-dir=" + Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg"),
                "-cp", System.getProperty("java.class.path"),
                HarnessCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("HARNESS_TARGET_URL");
        pb.environment().remove("HARNESS_ENV");
        pb.environment().remove("HARNESS_SEED");
        pb.environment().putAll(env);
        return new HarnessProcess(pb.start(), out, err);
    }

    Process process() {
        return process;
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Waits (bounded) for the exit code; fails the test with the output when the process does not end. */
    int waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("harness did not exit within " + limit.toSeconds() + " s; stdout:\n" + stdout()
                    + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** The exit code of a process that has ended (after {@link #waitFor(Duration)}). */
    int exitCode() {
        return process.exitValue();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits (at most {@code limit}, failing fast when the child exits) until the child has printed {@code text}. */
    void awaitOutput(Duration limit, String text) {
        try {
            org.awaitility.Awaitility.await("the child to print '" + text + "'").atMost(limit)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the child exited", () -> !process().isAlive())
                    .until(() -> stdout().contains(text));
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; stdout:\n" + stdout() + "\nstderr:\n" + stderr(), e);
        }
    }

    /** PostgreSQL server processes whose command line points into {@code dir} (a child's data directory). */
    static List<ProcessHandle> postgresOf(Path dir) {
        String marker = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }
}
