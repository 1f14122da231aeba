package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProxyCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void servesTheApiWithToxiproxyFlagsUntilStopped(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("proxies.json");
        Files.writeString(config, "[{\"name\":\"pg\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:5432\"}]");
        ProxyCommand command = new ProxyCommand();
        CommandLine cl = HarnessCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CommandLine proxy = cl.getSubcommands().get("proxy");
        assertThat(proxy).as("proxy subcommand registered").isNotNull();
        CommandLine standalone = new CommandLine(command);
        standalone.setOut(new PrintWriter(out, true));
        standalone.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> standalone.execute(
                "-host", "127.0.0.1", "-port", "0", "-seed", "17", "-config", config.toString(), "-access-log"));
        try {
            Matcher m = CommandOutput.awaitMatch(Pattern.compile("listening on (http://\\S+) \\(seed 17\\)"),
                    Duration.ofSeconds(20), out, err, exit);
            URI api = URI.create(m.group(1));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> version = http.send(HttpRequest.newBuilder(api.resolve("/version")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(version.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
            HttpResponse<String> proxies = http.send(HttpRequest.newBuilder(api.resolve("/proxies/pg")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(proxies.statusCode()).as("config file loaded").isEqualTo(200);
        } finally {
            command.stop();
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("harness proxy: stopped");
        assertThat(command.accessLog).as("-access-log parsed").isTrue();
    }

    @Test
    void bothMetricsFlagsTogetherServeProxyAndRuntimeMetrics() throws Exception {
        ProxyCommand command = new ProxyCommand();
        CommandLine standalone = new CommandLine(command);
        standalone.setOut(new PrintWriter(out, true));
        standalone.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> standalone.execute(
                "-host", "127.0.0.1", "-port", "0", "-proxy-metrics", "-runtime-metrics"));
        try {
            Matcher m = CommandOutput.awaitMatch(Pattern.compile("listening on (http://\\S+) \\(seed"),
                    Duration.ofSeconds(20), out, err, exit);
            URI api = URI.create(m.group(1));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(api.resolve("/proxies"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"pg\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher listen = Pattern.compile("\"listen\":\"127\\.0\\.0\\.1:(\\d+)\"").matcher(created.body());
            assertThat(listen.find()).as("listen in %s", created.body()).isTrue();
            String body = "";
            try (Socket client = new Socket("127.0.0.1", Integer.parseInt(listen.group(1)))) {
                // the accepted connection's counters appear at once (zero); bounded wait for the accept
                for (int i = 0; i < 50 && !body.contains("toxiproxy_proxy_received_bytes_total{"); i++) {
                    Thread.sleep(100);
                    body = http.send(HttpRequest.newBuilder(api.resolve("/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                }
            }
            assertThat(body).as("runtime metrics").contains("jvm_memory_used_bytes");
            assertThat(body).as("proxy metrics").contains("toxiproxy_proxy_received_bytes_total{direction=\"upstream\"");
        } finally {
            command.stop();
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).as("exit code, err: %s", err).isZero();
    }

    @Test
    void unusableConfigIsAUsageError(@TempDir Path dir) {
        CommandLine cl = HarnessCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("proxy", "-host", "127.0.0.1", "-port", "0", "-config", dir.resolve("missing.json").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("missing.json");
    }

    @Test
    void helpListsTheToxiproxyFlags() {
        CommandLine cl = HarnessCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("proxy", "--help")).isZero();
        assertThat(out.toString()).contains("-host").contains("-port").contains("-config").contains("-seed")
                .contains("-access-log").contains("-proxy-metrics").contains("-runtime-metrics");
    }
}
