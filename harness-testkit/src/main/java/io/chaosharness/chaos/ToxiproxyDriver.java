package io.chaosharness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaosharness.env.ChaosEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The one place where the harness's fault types meet the Toxiproxy HTTP API: a {@link ToxicSpec} becomes one
 * {@code POST /proxies/<proxy>/toxics} (type, stream, toxicity and attributes in a single call, so a toxic is never
 * briefly active with other parameters than the fault says), a removal one {@code DELETE}, and {@link ProxyDown} a
 * {@code POST /proxies/<proxy>} with {@code enabled}. Works against the embedded proxy and a real Toxiproxy alike.
 * Every call is bounded by the environment's control timeout. Thread-safe.
 * <pre>
 *   Latency(150ms, 30ms) ──toxics()──▶ ToxicSpec(LATENCY, DOWNSTREAM, 1.0, {latency=150, jitter=30})
 *                        ──driver───▶ POST /proxies/postgres/toxics
 *                                     {"name":"chaos-f1-latency","type":"latency","stream":"downstream",
 *                                      "toxicity":1.0,"attributes":{"latency":150,"jitter":30}}
 * </pre>
 */
public final class ToxiproxyDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final String proxy;
    private final Duration timeout;

    /**
     * @param api            the Toxiproxy API's base URI, e.g. {@code http://127.0.0.1:8474}
     * @param proxy          the proxy's name on it
     * @param controlTimeout upper bound for one call
     */
    public ToxiproxyDriver(URI api, String proxy, Duration controlTimeout) {
        this.api = Objects.requireNonNull(api, "api");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.timeout = Objects.requireNonNull(controlTimeout, "controlTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("controlTimeout must be positive, but was " + timeout);
        }
    }

    /** A driver for the environment's database proxy. */
    public static ToxiproxyDriver of(ChaosEnvironment environment) {
        return new ToxiproxyDriver(environment.toxiproxyApi(), environment.databaseProxy().getName(),
                environment.controlTimeout());
    }

    /** The proxy this driver acts on. */
    public String proxy() {
        return proxy;
    }

    /**
     * Adds {@code toxics} in order, named {@code <prefix>-<suffix>}; if one fails, those already added are removed
     * again, so either all are in force or none. Returns the removal of all of them (newest first; a toxic already gone
     * counts as removed).
     */
    public Fault.Removal add(String prefix, List<ToxicSpec> toxics) throws IOException {
        List<String> added = new ArrayList<>();
        try {
            for (ToxicSpec t : toxics) {
                String name = prefix + "-" + t.suffix();
                send("POST", "/proxies/" + proxy + "/toxics", body(name, t));
                added.add(name);
            }
        } catch (IOException | RuntimeException e) {
            try {
                remove(added);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return () -> remove(added);
    }

    /** Enables or disables the proxy: disabled, its listener is closed and every connection through it dropped. */
    public void setEnabled(boolean enabled) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("enabled", enabled);
        send("POST", "/proxies/" + proxy, body.toString());
    }

    /** The toxics on the proxy now, as the API lists them. */
    public JsonNode toxics() throws IOException {
        return JSON.readTree(send("GET", "/proxies/" + proxy + "/toxics", null));
    }

    static String body(String name, ToxicSpec t) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("type", t.type().wireName());
        body.put("stream", t.direction().wireName());
        body.put("toxicity", t.toxicity());
        ObjectNode attributes = body.putObject("attributes");
        t.attributes().forEach(attributes::put);
        return body.toString();
    }

    private void remove(List<String> names) throws IOException {
        List<String> newestFirst = new ArrayList<>(names);
        Collections.reverse(newestFirst);
        IOException first = null;
        for (String name : newestFirst) {
            try {
                send("DELETE", "/proxies/" + proxy + "/toxics/" + name, null, 404);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Sends one call on a fresh connection (as toxiproxy-java does; no pooled connection can have gone stale while a
     * fault was in force), bounded by the control timeout for connecting and for the answer. Any 2xx answer and the
     * statuses in {@code also} count as success.
     */
    private String send(String method, String path, String body, int... also) throws IOException {
        HttpURLConnection c = (HttpURLConnection) api.resolve(path).toURL().openConnection();
        try {
            int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            c.setConnectTimeout(ms);
            c.setReadTimeout(ms);
            c.setUseCaches(false);
            c.setRequestMethod(method);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status;
            try {
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new IOException(method + " " + path + " did not answer within " + timeout.toMillis() + " ms", e);
            }
            String answer = read(status >= 400 ? c.getErrorStream() : c.getInputStream());
            if (status / 100 == 2) {
                return answer;
            }
            for (int ok : also) {
                if (status == ok) {
                    return answer;
                }
            }
            throw new IOException(method + " " + path + " on " + api + ": HTTP " + status + " " + answer);
        } finally {
            c.disconnect();
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
