package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first calls to a proxy server that just started are set-up, not fault control: a proxy API slower than the
 * control timeout but within the start-up timeout still gets its proxy created (on a loaded CI machine a just-launched
 * proxy's first GET overran the 5 s control timeout once); one slower than both is still given up on, naming the call.
 */
class ProxySetupTimeoutTest {

    private static final String CREATED = "{\"name\":\"postgres\",\"listen\":\"127.0.0.1:45678\","
            + "\"upstream\":\"127.0.0.1:5432\",\"enabled\":true,\"toxics\":[]}";

    private HttpServer server;
    private volatile long delayMs;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void slowApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        exchange.getRequestBody().readAllBytes();
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean create = exchange.getRequestMethod().equals("POST");
        byte[] body = (create ? CREATED : "{\"error\":\"proxy not found\",\"status\":404}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(create ? 201 : 404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private URI api() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static Env env(Duration control, Duration startup) {
        return new Env(EnvironmentSettings.custom().controlTimeout(control).startupTimeout(startup).build());
    }

    private static final TargetUrl DATABASE = new TargetUrl("app", "pw", "127.0.0.1", 5432, "app", null);

    @Test
    void aProxyApiSlowerThanTheControlTimeoutButWithinTheStartupTimeoutGetsItsProxy() {
        delayMs = 600;
        Env env = env(Duration.ofMillis(200), Duration.ofSeconds(20));

        env.connect(api());

        assertThat(calls).as("what the proxy API was asked").containsExactly("GET /proxies/postgres", "POST /proxies");
        assertThat(env.proxiedUrl().port()).as("the proxied URL's port, from the created proxy").isEqualTo(45678);
    }

    @Test
    void aProxyApiSlowerThanBothIsGivenUpOnNamingTheCall() {
        delayMs = 1_500;
        Env env = env(Duration.ofMillis(200), Duration.ofMillis(500));

        assertThatThrownBy(() -> env.connect(api())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not create proxy 'postgres'")
                .hasMessageContaining("GET /proxies/postgres did not answer within 500ms");
    }

    /** Only the proxy set-up of an environment; nothing else of it runs. */
    private static final class Env extends AbstractChaosEnvironment {
        Env(EnvironmentSettings settings) {
            super(settings);
        }

        void connect(URI api) {
            connectProxy(api, DATABASE_PROXY, "127.0.0.1:0", "127.0.0.1:5432", DATABASE, "127.0.0.1", 0);
            running(true);
        }

        @Override
        String providerName() {
            return "test";
        }

        @Override
        boolean ownsProxyServer() {
            return false;
        }

        @Override
        public ChaosEnvironment start() {
            return this;
        }

        @Override
        public void stopDatabase() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startDatabase() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
