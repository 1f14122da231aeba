package io.chaosharness.proxy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.chaosharness.proxy.toxic.Toxic;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Jackson rendering in Toxiproxy's field order, and strict, case-insensitive parsing like Go's encoding/json. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    static {
        MAPPER.getFactory().setCharacterEscapes(new GoEscapes());
    }

    private Json() {
    }

    /** Go's encoding/json escapes {@code <}, {@code >} and {@code &} (as {@code \\u003c} etc.); so do we. */
    private static final class GoEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        GoEscapes() {
            escapes['<'] = ESCAPE_CUSTOM;
            escapes['>'] = ESCAPE_CUSTOM;
            escapes['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
        }
    }

    /** Parses a request body; an empty body is Go's {@code EOF}. */
    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(400, "bad request body: EOF");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "bad request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "bad request body: " + e.getMessage());
        }
    }

    static ObjectNode object(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new ApiException(400, "bad request body: " + what + " must be a JSON object, but was "
                    + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    /** The field named {@code name}, exact match first, then ignoring case (Go's rule); null if absent or null. */
    static JsonNode field(ObjectNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isNull() ? null : e.getValue();
            }
        }
        return null;
    }

    static String string(ObjectNode node, String name, String fallback) {
        JsonNode v = field(node, name);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ApiException(400, "bad request body: " + name + " must be a string, but was " + v);
        }
        return v.asText();
    }

    static boolean bool(ObjectNode node, String name, boolean fallback) {
        JsonNode v = field(node, name);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ApiException(400, "bad request body: " + name + " must be true or false, but was " + v);
        }
        return v.asBoolean();
    }

    static float toxicity(ObjectNode node, float fallback) {
        JsonNode v = field(node, "toxicity");
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new ApiException(400, "bad request body: toxicity must be a number, but was " + v);
        }
        return v.floatValue();
    }

    /** Builds a toxic from attributes; missing attributes are zero, unknown keys ignored, bad values named. */
    static Toxic toxic(Class<? extends Toxic> type, JsonNode attributes) {
        JsonNode source = attributes == null ? MAPPER.createObjectNode() : attributes;
        if (!source.isObject()) {
            throw new ApiException(400, "bad request body: attributes must be a JSON object, but was " + source);
        }
        try {
            return MAPPER.treeToValue(source, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ApiException(400, "bad request body: attributes: " + cause.getMessage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ApiException(400, "bad request body: attributes: " + m);
        }
    }

    /** The current attributes with {@code patch} merged over them. */
    static Toxic merge(Toxic current, JsonNode patch) {
        if (patch == null) {
            return current;
        }
        if (!patch.isObject()) {
            throw new ApiException(400, "bad request body: attributes must be a JSON object, but was " + patch);
        }
        ObjectNode merged = MAPPER.valueToTree(current);
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                continue; // like Go: null leaves the current value
            }
            String key = e.getKey();
            Iterator<String> names = merged.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (n.equalsIgnoreCase(key)) {
                    key = n;
                    break;
                }
            }
            merged.set(key, e.getValue());
        }
        return toxic(current.getClass(), merged);
    }

    static String proxy(ManagedProxy.View p) {
        return write(g -> writeProxy(g, p));
    }

    static String proxies(Collection<ManagedProxy.View> views) {
        return write(g -> {
            g.writeStartObject();
            for (ManagedProxy.View v : views) {
                g.writeFieldName(v.name());
                writeProxy(g, v);
            }
            g.writeEndObject();
        });
    }

    static String toxic(ToxicEntry t) {
        return write(g -> writeToxic(g, t));
    }

    static String toxics(Collection<ToxicEntry> toxics) {
        return write(g -> {
            g.writeStartArray();
            for (ToxicEntry t : toxics) {
                writeToxic(g, t);
            }
            g.writeEndArray();
        });
    }

    /** {@code {"error":..,"status":..}} and optionally {@code "proxies"} (for /populate). */
    static String error(String message, int status, Collection<ManagedProxy.View> proxies, boolean withProxies) {
        return write(g -> {
            g.writeStartObject();
            if (message != null) {
                g.writeStringField("error", message);
                g.writeNumberField("status", status);
            }
            if (withProxies) {
                g.writeFieldName("proxies");
                if (proxies == null || proxies.isEmpty()) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (ManagedProxy.View v : proxies) {
                        writeProxy(g, v);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        });
    }

    private static void writeProxy(JsonGenerator g, ManagedProxy.View p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("listen", p.listen());
        g.writeStringField("upstream", p.upstream());
        g.writeBooleanField("enabled", p.enabled());
        g.writeFieldName("toxics");
        g.writeStartArray();
        for (ToxicEntry t : p.toxics()) {
            writeToxic(g, t);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeToxic(JsonGenerator g, ToxicEntry t) throws IOException {
        g.writeStartObject();
        g.writeFieldName("attributes");
        g.writeTree(MAPPER.valueToTree(t.toxic()));
        g.writeStringField("name", t.name());
        g.writeStringField("type", t.type());
        g.writeStringField("stream", t.stream());
        g.writeFieldName("toxicity");
        g.writeNumber(float32(t.toxicity()));
        g.writeEndObject();
    }

    /** Renders a float32 the way Go's encoding/json does: shortest form, {@code 1} not {@code 1.0}. */
    static String float32(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return "0";
        }
        if (f == 0) {
            return "0";
        }
        String shortest = Float.toString(f);
        float abs = Math.abs(f);
        BigDecimal d = new BigDecimal(shortest).stripTrailingZeros();
        if (abs >= 1e-6f && abs < 1e21f) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = f < 0 ? "-" : "";
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                + Math.abs(exponent);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
