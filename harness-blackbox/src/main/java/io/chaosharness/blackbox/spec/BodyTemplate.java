package io.chaosharness.blackbox.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body: either text (a {@link Template}, sent as written) or structured (a YAML/JSON mapping or list in
 * the spec, sent as JSON), whose string values are templates. Structured bodies are serialised by Jackson after
 * rendering, so a value such as {@code ${user.email}} is JSON-escaped, never spliced into the JSON text.
 */
public final class BodyTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Template text;      // text body, or null
    private final Object structure;   // Map<String,Object> / List<Object> of Template, Number, Boolean, null

    private BodyTemplate(Template text, Object structure) {
        this.text = text;
        this.structure = structure;
    }

    static BodyTemplate text(Template text) {
        return new BodyTemplate(text, null);
    }

    static BodyTemplate structured(Object structure) {
        return new BodyTemplate(null, structure);
    }

    /** Whether the body was given as a mapping or list (sent as JSON; Content-Type defaults to application/json). */
    public boolean isJson() {
        return structure != null;
    }

    /** The body to send. */
    public String render(RenderContext ctx) {
        if (text != null) {
            return text.render(ctx);
        }
        try {
            return JSON.writeValueAsString(renderValue(structure, ctx));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise a body: " + e.getOriginalMessage(), e);
        }
    }

    private static Object renderValue(Object value, RenderContext ctx) {
        if (value instanceof Template t) {
            return t.render(ctx);
        } else if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, renderValue(v, ctx)));
            return out;
        } else if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(renderValue(v, ctx)));
            return out;
        }
        return value;
    }

    /** The environment variables the body reads. */
    public Set<String> environmentVariables() {
        Set<String> out = new java.util.LinkedHashSet<>();
        collect(text != null ? text : structure, out);
        return out;
    }

    private static void collect(Object value, Set<String> out) {
        if (value instanceof Template t) {
            out.addAll(t.environmentVariables());
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    @Override
    public String toString() {
        return text != null ? text.source() : String.valueOf(structure);
    }
}
