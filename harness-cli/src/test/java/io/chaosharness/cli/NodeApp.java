package io.chaosharness.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The example Node.js application ({@code examples/node-app}) installed for a test: its files copied to a temporary
 * folder and {@code npm ci} run there (from the committed lock file, never committed {@code node_modules}). Fails, does
 * not skip, when {@code node} or {@code npm} is missing: {@code bash ci/setup.sh} installs them.
 */
final class NodeApp {

    /** The example's source, from the module folder the tests run in. */
    static final Path SOURCE = Path.of("..", "examples", "node-app");

    private NodeApp() {
    }

    /** Copies the application into {@code dir} and installs its dependencies there; returns {@code dir}. */
    static Path install(Path dir) throws IOException, InterruptedException {
        require("node", "--version");
        require("npm", "--version");
        for (String f : List.of("package.json", "package-lock.json", "server.js")) {
            Files.copy(SOURCE.resolve(f), dir.resolve(f));
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("npm ci did not finish within 180 s in " + dir + ": " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("npm ci failed (exit " + p.exitValue() + ") in " + dir + ": " + out);
        }
        return dir;
    }

    private static void require(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(command[0] + " did not answer '" + String.join(" ", command) + "'");
            }
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is missing, and the Node.js application tests need it (Node.js 18+ "
                    + "and npm; on Debian: bash ci/setup.sh, or apt-get install nodejs npm): " + e.getMessage(), e);
        }
    }

    /** A free port on 127.0.0.1 for the application. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
