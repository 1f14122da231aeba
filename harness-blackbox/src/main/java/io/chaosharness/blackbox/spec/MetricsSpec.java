package io.chaosharness.blackbox.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An optional metrics endpoint the application serves, read every {@code interval} for its pool gauges and retry
 * count. Each value is a Prometheus selector ({@code hikaricp_connections_active} or
 * {@code pg_pool_size{state="idle"}}: the sum of the matching samples) or, for {@code json}, a JSON pointer
 * ({@code /pool/active}).
 *
 * @param path     path on the base URL
 * @param format   {@code prometheus} (text exposition format) or {@code json}
 * @param interval 250 ms..1 min (default 1 s)
 * @param values   known keys ({@link #KEYS}) to selector or pointer
 * @param location the {@code metrics} block's line
 */
public record MetricsSpec(Template path, Format format, Duration interval, Map<String, String> values,
                          SpecLocation location) {

    /** The values a metrics endpoint can give: pool gauges and the application's retry counter. */
    public static final java.util.List<String> KEYS =
            java.util.List.of("poolActive", "poolIdle", "poolTotal", "poolWaiting", "poolMax", "retries");

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Pattern SELECTOR = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*=\\s*\"[^\"]*\"\\s*,?)*)})?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The endpoint's format. */
    public enum Format {
        PROMETHEUS, JSON
    }

    public MetricsSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(interval, "interval");
        values = Map.copyOf(new LinkedHashMap<>(values));
        Objects.requireNonNull(location, "location");
    }

    /**
     * Reads the configured values from one response body. A value missing from the body is left out (not zero); a
     * body that is not in the format gives an empty map.
     */
    public Map<String, Double> extract(String body) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (body == null) {
            return out;
        }
        if (format == Format.JSON) {
            JsonNode root;
            try {
                root = MAPPER.readTree(body);
            } catch (IOException e) {
                return out;
            }
            if (root == null) {
                return out;
            }
            values.forEach((key, pointer) -> {
                JsonNode n = root.at(JsonPointer.compile(pointer));
                if (n.isNumber()) {
                    out.put(key, n.doubleValue());
                } else if (n.isTextual()) {
                    try {
                        out.put(key, Double.parseDouble(n.asText()));
                    } catch (NumberFormatException ignored) {
                        // not a number: left out
                    }
                }
            });
            return out;
        }
        values.forEach((key, selector) -> {
            Double v = prometheus(body, selector);
            if (v != null) {
                out.put(key, v);
            }
        });
        return out;
    }

    private static Double prometheus(String body, String selector) {
        Matcher sel = SELECTOR.matcher(selector.strip());
        if (!sel.matches()) {
            return null;
        }
        String name = sel.group(1);
        Map<String, String> wanted = labels(sel.group(2));
        Double sum = null;
        for (String line : body.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || !l.startsWith(name)) {
                continue;
            }
            String rest = l.substring(name.length());
            Map<String, String> have = Map.of();
            if (rest.startsWith("{")) {
                int close = rest.indexOf('}');
                if (close < 0) {
                    continue;
                }
                have = labels(rest.substring(1, close));
                rest = rest.substring(close + 1);
            } else if (!rest.startsWith(" ") && !rest.startsWith("\t")) {
                continue; // a longer name with this one as prefix
            }
            boolean all = true;
            for (Map.Entry<String, String> w : wanted.entrySet()) {
                all &= w.getValue().equals(have.get(w.getKey()));
            }
            if (!all) {
                continue;
            }
            String[] fields = rest.strip().split("\\s+");
            try {
                double v = Double.parseDouble(fields[0]);
                sum = sum == null ? v : sum + v;
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException ignored) {
                // a malformed sample: skipped
            }
        }
        return sum;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        Matcher m = LABEL.matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }
}
