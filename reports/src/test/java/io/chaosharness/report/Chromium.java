package io.chaosharness.report;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A headless Chromium for tests: a fresh profile in a temp folder, the DevTools endpoint on a port the browser picks
 * (read back from {@code DevToolsActivePort}), network features that phone home switched off. {@link #close()}
 * kills the whole process tree and deletes the profile.
 */
final class Chromium implements AutoCloseable {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final int port;

    private Chromium(Process process, Path profile, int port) {
        this.process = process;
        this.profile = profile;
        this.port = port;
    }

    /** The first Chromium or Chrome binary on the PATH, if any. */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static Chromium launch(Path binary) throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--window-size=1400,1000", "about:blank"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Chromium chromium = null;
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            await("Chromium writes " + portFile.getFileName())
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .failFast("Chromium exited early (see its log in " + profile + ")", () -> !process.isAlive())
                    .until(() -> Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2);
            int port = Integer.parseInt(Files.readAllLines(portFile, StandardCharsets.UTF_8).get(0).trim());
            chromium = new Chromium(process, profile, port);
            return chromium;
        } finally {
            if (chromium == null) {
                kill(process);
                deleteQuietly(profile);
            }
        }
    }

    /** The DevTools WebSocket URL of the first page target (the one opened on about:blank). */
    URI pageWebSocket() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicReference<URI> url = new AtomicReference<>();
        await("Chromium lists a page target").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .failFast("Chromium exited", () -> !process.isAlive())
                .until(() -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    for (JsonNode t : JSON.readTree(r.body())) {
                        if ("page".equals(t.path("type").asText())) {
                            url.set(URI.create(t.path("webSocketDebuggerUrl").asText()));
                            return true;
                        }
                    }
                    return false;
                });
        return url.get();
    }

    String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        kill(process);
        deleteQuietly(profile);
    }

    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // best effort: the assertion about leftovers lives in the test
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    long pid() {
        return process.pid();
    }
}
