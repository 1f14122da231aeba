package io.chaosharness.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaosharness.proxy.toxic.Toxic;
import io.chaosharness.proxy.toxic.Toxics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Toxiproxy 2.12 HTTP API: routes, status codes, bodies and error bodies as in Toxiproxy's {@code api.go}. Every
 * request is answered; nothing a client sends can stop the server or a proxy.
 */
final class ToxiproxyApi implements HttpHandler {

    static final String VERSION_BODY = "{\"version\": \"2.12.0\"}\n";
    private static final Logger LOG = LoggerFactory.getLogger(ToxiproxyApi.class);
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final ProxyCollection proxies;
    /** How much of an oversized body is read and discarded before answering 413. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private final int maxBodyBytes;
    private final ProxyMetrics metrics;

    ToxiproxyApi(ProxyCollection proxies, int maxBodyBytes, ProxyMetrics metrics) {
        this.proxies = proxies;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange ex) {
        try {
            String agent = ex.getRequestHeaders().getFirst("User-Agent");
            if (agent != null && agent.startsWith("Mozilla/")) {
                text(ex, 403, "User agent not allowed\n");
                return;
            }
            route(ex);
        } catch (ApiException e) {
            error(ex, e.status(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.warn("api: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            error(ex, 500, String.valueOf(e.getMessage()));
        } finally {
            ex.close(); // after the catch clauses: they still write the error response
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String[] path = segments(ex.getRequestURI().getRawPath());
        if (path == null) {
            notFound(ex);
            return;
        }
        switch (path.length) {
            case 1:
                switch (path[0]) {
                    case "version":
                        if (allow(ex, method, "GET")) {
                            send(ex, 200, "application/json;charset=utf-8", VERSION_BODY);
                        }
                        return;
                    case "reset":
                        if (allow(ex, method, "POST")) {
                            reset(ex);
                        }
                        return;
                    case "populate":
                        if (allow(ex, method, "POST")) {
                            populate(ex);
                        }
                        return;
                    case "metrics":
                        // the route exists only with -proxy-metrics and/or -runtime-metrics, as in Toxiproxy
                        if (!metrics.served()) {
                            notFound(ex);
                        } else {
                            send(ex, 200, metrics.contentType(), metrics.scrape()); // promhttp takes any method
                        }
                        return;
                    case "proxies":
                        if (allow(ex, method, "GET", "POST")) {
                            if (method.equals("GET")) {
                                List<ManagedProxy.View> views = new ArrayList<>();
                                for (ManagedProxy p : proxies.all()) {
                                    views.add(p.view());
                                }
                                send(ex, 200, JSON, Json.proxies(views));
                            } else {
                                createProxy(ex);
                            }
                        }
                        return;
                    default:
                        notFound(ex);
                        return;
                }
            case 2:
                if (!path[0].equals("proxies")) {
                    notFound(ex);
                } else if (allow(ex, method, "GET", "POST", "PATCH", "DELETE")) {
                    proxy(ex, method, path[1]);
                }
                return;
            case 3:
                if (!path[0].equals("proxies") || !path[2].equals("toxics")) {
                    notFound(ex);
                } else if (allow(ex, method, "GET", "POST")) {
                    toxics(ex, method, path[1]);
                }
                return;
            case 4:
                if (!path[0].equals("proxies") || !path[2].equals("toxics")) {
                    notFound(ex);
                } else if (allow(ex, method, "GET", "POST", "PATCH", "DELETE")) {
                    toxic(ex, method, path[1], path[3]);
                }
                return;
            default:
                notFound(ex);
        }
    }

    private void createProxy(HttpExchange ex) throws IOException {
        ObjectNode body = Json.object(Json.parse(body(ex)), "proxy");
        String name = Json.string(body, "name", "");
        String listen = Json.string(body, "listen", "");
        String upstream = Json.string(body, "upstream", "");
        boolean enabled = Json.bool(body, "enabled", true);
        requireFields(name, upstream, "");
        ManagedProxy p = proxies.add(name, listen, upstream, enabled);
        send(ex, 201, JSON, Json.proxy(p.view()));
    }

    private void proxy(HttpExchange ex, String method, String name) throws IOException {
        switch (method) {
            case "GET":
                send(ex, 200, JSON, Json.proxy(proxies.get(name).view()));
                return;
            case "DELETE":
                proxies.remove(name);
                noContent(ex);
                return;
            default: // POST (deprecated in Toxiproxy, still used by toxiproxy-java) and PATCH
                ManagedProxy p = proxies.get(name);
                ObjectNode body = Json.object(Json.parse(body(ex)), "proxy");
                String listen = Json.string(body, "listen", p.listen());
                String upstream = Json.string(body, "upstream", p.upstream());
                boolean enabled = Json.bool(body, "enabled", p.enabled());
                p.update(listen, upstream, enabled);
                send(ex, 200, JSON, Json.proxy(p.view()));
        }
    }

    private void toxics(HttpExchange ex, String method, String proxyName) throws IOException {
        ManagedProxy p = proxies.get(proxyName);
        if (method.equals("GET")) {
            send(ex, 200, JSON, Json.toxics(p.toxics().all()));
            return;
        }
        ObjectNode body = Json.object(Json.parse(body(ex)), "toxic");
        String stream = Json.string(body, "stream", "downstream");
        String type = Json.string(body, "type", "");
        String name = Json.string(body, "name", "");
        float toxicity = Json.toxicity(body, 1.0f);
        ToxicEntry.Direction direction = ToxicEntry.Direction.parse(stream);
        if (direction == null) {
            throw new ApiException(400, "stream was invalid, can be either upstream or downstream");
        }
        if (name.isEmpty()) {
            name = type + "_" + stream;
        }
        Class<? extends Toxic> toxicClass = Toxics.find(type)
                .orElseThrow(() -> new ApiException(400, "invalid toxic type"));
        if (p.toxics().exists(name)) {
            throw new ApiException(409, "toxic already exists");
        }
        Toxic toxic = Json.toxic(toxicClass, Json.field(body, "attributes"));
        ToxicEntry entry = p.toxics().add(new ToxicEntry(name, stream, direction, toxicity, toxic));
        LOG.info("{}: toxic {} added: {} {} toxicity {}", proxyName, name, stream, toxic, toxicity);
        send(ex, 200, JSON, Json.toxic(entry));
    }

    private void toxic(HttpExchange ex, String method, String proxyName, String toxicName) throws IOException {
        ManagedProxy p = proxies.get(proxyName);
        switch (method) {
            case "GET": {
                ToxicEntry t = p.toxics().get(toxicName);
                if (t == null) {
                    throw new ApiException(404, "toxic not found");
                }
                send(ex, 200, JSON, Json.toxic(t));
                return;
            }
            case "DELETE":
                p.toxics().remove(toxicName);
                LOG.info("{}: toxic {} removed", proxyName, toxicName);
                noContent(ex);
                return;
            default: {
                if (p.toxics().get(toxicName) == null) {
                    throw new ApiException(404, "toxic not found");
                }
                ObjectNode body = Json.object(Json.parse(body(ex)), "toxic");
                ToxicEntry updated = p.toxics().update(toxicName, current -> new ToxicEntry(current.name(),
                        current.stream(), current.direction(), Json.toxicity(body, current.toxicity()),
                        Json.merge(current.toxic(), Json.field(body, "attributes"))));
                LOG.info("{}: toxic {} updated: {} toxicity {}", proxyName, toxicName, updated.toxic(),
                        updated.toxicity());
                send(ex, 200, JSON, Json.toxic(updated));
            }
        }
    }

    private void reset(HttpExchange ex) throws IOException {
        body(ex); // Toxiproxy ignores the body; read it so the connection can be reused
        for (ManagedProxy p : proxies.all()) {
            p.start(); // already started is not an error
            p.toxics().clear();
        }
        noContent(ex);
    }

    private void populate(HttpExchange ex) throws IOException {
        List<ManagedProxy.View> done = new ArrayList<>();
        try {
            JsonNode node = Json.parse(body(ex));
            if (!node.isArray()) {
                throw new ApiException(400, "bad request body: expected a JSON array of proxies, but was "
                        + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            ArrayNode array = (ArrayNode) node;
            List<ObjectNode> inputs = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                ObjectNode p = Json.object(array.get(i), "proxy " + (i + 1));
                requireFields(Json.string(p, "name", ""), Json.string(p, "upstream", ""), " at proxy " + (i + 1));
                Json.string(p, "listen", "");
                Json.bool(p, "enabled", true);
                inputs.add(p);
            }
            for (ObjectNode p : inputs) {
                ManagedProxy proxy = proxies.addOrReplace(Json.string(p, "name", ""), Json.string(p, "listen", ""),
                        Json.string(p, "upstream", ""), Json.bool(p, "enabled", true));
                done.add(proxy.view());
            }
            send(ex, 201, JSON, Json.error(null, 0, done, true));
        } catch (ApiException e) {
            send(ex, e.status(), JSON, Json.error(e.getMessage(), e.status(), done, true));
        }
    }

    private static void requireFields(String name, String upstream, String suffix) {
        if (name.isEmpty()) {
            throw new ApiException(400, "missing required field: name" + suffix);
        }
        if (upstream.isEmpty()) {
            throw new ApiException(400, "missing required field: upstream" + suffix);
        }
    }

    /** The request body, at most {@code maxBodyBytes}; a larger body is refused with 413 before it is buffered. */
    private byte[] body(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        byte[] buffer = new byte[Math.min(8192, maxBodyBytes + 1)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > maxBodyBytes) {
                    drain(in);
                    throw new ApiException(413, "bad request body: request body larger than " + maxBodyBytes + " bytes");
                }
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxBodyBytes + 1));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        if (length > maxBodyBytes) {
            throw new ApiException(413, "bad request body: request body larger than " + maxBodyBytes + " bytes");
        }
        return Arrays.copyOf(buffer, length);
    }

    /**
     * Reads and discards the rest of an oversized body (without buffering it), so the client, which may still be
     * sending, gets the 413 answer instead of a connection reset. Bounded: past {@link #MAX_DRAIN_BYTES} the
     * connection is simply closed.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[64 * 1024];
        long drained = 0;
        int n;
        while (drained < MAX_DRAIN_BYTES && (n = in.read(sink)) >= 0) {
            drained += n;
        }
    }

    private static boolean allow(HttpExchange ex, String method, String... allowed) throws IOException {
        if (Set.of(allowed).contains(method)) {
            return true;
        }
        ex.sendResponseHeaders(405, -1);
        return false;
    }

    /** Path segments, percent-decoded; null when the path has empty segments (gorilla/mux would not match). */
    private static String[] segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.length() == 1) {
            return null;
        }
        String[] parts = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                return null;
            }
            try {
                parts[i] = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return parts;
    }

    private static void notFound(HttpExchange ex) throws IOException {
        text(ex, 404, "404 page not found\n");
    }

    private static void error(HttpExchange ex, int status, String message) {
        try {
            text(ex, status, Json.error(message, status, null, false) + "\n");
        } catch (IOException | RuntimeException e) {
            // the response was already started or the client left: nothing more to say
        }
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(ex, status, TEXT, body);
    }

    private static void noContent(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(204, -1);
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
