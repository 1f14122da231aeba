package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: environment, working directory, output, readiness and stopping the whole tree. */
class AppProcessTest {

    @TempDir
    Path dir;

    @Test
    void runsTheCommandInAShellWithTheVariablesAndTheDirectoryAndMasksSecretsInItsOutput() throws Exception {
        Files.writeString(dir.resolve("marker.txt"), "here\n");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (AppProcess app = AppProcess.builder("echo \"url=$DATABASE_URL\"; cat marker.txt; echo oops >&2")
                .environment(Map.of("DATABASE_URL", "postgresql://u:pw-Known-1@127.0.0.1:5/db"))
                .workingDirectory(dir).secret("pw-Known-1").output(lines::add).start()) {
            await("the command's three lines").atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 3);
            await("the command to end").atMost(Duration.ofSeconds(10)).until(() -> !app.isAlive());
            assertThat(app.exitCode()).contains(0);
        }
        assertThat(lines).as("stdout and stderr, the password masked")
                .containsExactly("url=postgresql://u:****@127.0.0.1:5/db", "here", "oops");
    }

    @Test
    void closeStopsTheWholeProcessTreeIncludingBackgroundChildren() throws Exception {
        List<ProcessHandle> tree;
        try (AppProcess app = AppProcess.builder("sleep 301 & sleep 302 & wait").start()) {
            await("the shell and its two children").atMost(Duration.ofSeconds(10))
                    .until(() -> app.processTree().size() >= 3);
            tree = app.processTree();
        }
        assertThat(tree).as("every process of the tree ended after close()").noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        List<ProcessHandle> tree;
        try (AppProcess app = AppProcess.builder("trap '' TERM; sleep 303 & wait; wait")
                .stopGrace(Duration.ofMillis(500)).start()) {
            await("the shell and its child").atMost(Duration.ofSeconds(10)).until(() -> app.processTree().size() >= 2);
            tree = app.processTree();
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void awaitReadyReturnsOnceTheUrlAnswers2xx() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ready", x -> {
            int status = calls.incrementAndGet() < 3 ? 503 : 200;
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        server.start();
        try (AppProcess app = AppProcess.builder("sleep 304")
                .readyUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ready"))
                .readyTimeout(Duration.ofSeconds(20)).start()) {
            app.awaitReady();
            assertThat(calls.get()).as("polled until the 2xx").isEqualTo(3);
            assertThat(app.isAlive()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anApplicationThatNeverBecomesReadyFailsNamingTheUrlAndItsLastOutput() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // nobody listens there afterwards
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/health");
        try (AppProcess app = AppProcess.builder("echo starting up; sleep 305").readyUrl(url)
                .readyTimeout(Duration.ofMillis(1500)).start()) {
            assertThatThrownBy(app::awaitReady).isInstanceOf(AppProcess.NotReadyException.class)
                    .hasMessageContaining(url.toString()).hasMessageContaining("within 1.5 s")
                    .satisfies(e -> assertThat(((AppProcess.NotReadyException) e).lastOutput())
                            .contains("starting up"));
        }
    }

    @Test
    void anApplicationThatExitsBeforeItIsReadyFailsFastWithItsExitCode() throws Exception {
        try (AppProcess app = AppProcess.builder("echo cannot bind; exit 3")
                .readyUrl(URI.create("http://127.0.0.1:9/health")).readyTimeout(Duration.ofSeconds(60)).start()) {
            assertThatThrownBy(app::awaitReady).isInstanceOf(AppProcess.NotReadyException.class)
                    .hasMessageContaining("exited with code 3")
                    .satisfies(e -> assertThat(((AppProcess.NotReadyException) e).lastOutput())
                            .contains("cannot bind"));
        }
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> AppProcess.builder(" ")).hasMessageContaining("command");
        assertThatThrownBy(() -> AppProcess.builder("x").readyUrl(URI.create("ftp://h/x")))
                .hasMessageContaining("ready URL");
        assertThatThrownBy(() -> AppProcess.builder("x").workingDirectory(dir.resolve("nope")))
                .hasMessageContaining("working directory");
        assertThatThrownBy(() -> AppProcess.builder("x").readyTimeout(Duration.ZERO))
                .hasMessageContaining("ready timeout");
    }
}
