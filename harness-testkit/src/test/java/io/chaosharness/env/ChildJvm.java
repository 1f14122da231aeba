package io.chaosharness.env;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on this test's classpath, for what only a killed process shows (what it leaves behind). Its main class
 * prints one line starting with {@code READY } once it holds what the test is about; the test reads that line, then
 * kills the child with SIGKILL, so no shutdown hook and no {@code close()} runs.
 */
final class ChildJvm {

    private final Process process;

    private ChildJvm(Process process) {
        this.process = process;
    }

    /** Starts {@code main} with {@code jvmOptions} (system properties) before the class path; output and errors merged. */
    static ChildJvm start(Class<?> main, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        return new ChildJvm(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start());
    }

    long pid() {
        return process.pid();
    }

    /**
     * The child's {@code READY ...} line, waited for at most {@code max}; when the child ends first, what it printed
     * instead ({@code "child ended without READY: ..."}), so an assertion on the line shows it.
     */
    String readyLine(Duration max) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.startsWith("READY ")) {
                        return l;
                    }
                    seen.append(l).append('\n');
                }
                return "child ended without READY:\n" + seen;
            } catch (Exception e) {
                return "could not read the child: " + e;
            }
        });
        return line.get(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook runs. Whether the child had ended within 30 s. */
    boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(30, TimeUnit.SECONDS);
    }
}
