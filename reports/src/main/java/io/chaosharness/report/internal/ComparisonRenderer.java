package io.chaosharness.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.report.Comparison;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders a {@link Comparison} into one self-contained page with the Pebble template {@code templates/compare.peb}
 * and the report's stylesheet; the comparison itself is inlined as JSON ({@code <script id="comparison-data">}), so
 * the page can be read by tools as well as by people. Text goes through Pebble's HTML auto-escaping.
 */
public final class ComparisonRenderer {

    private final ObjectMapper mapper;
    private final PebbleEngine engine;

    public ComparisonRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
        ClasspathLoader loader = new ClasspathLoader(ComparisonRenderer.class.getClassLoader());
        loader.setPrefix("io/chaosharness/report/templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(true)
                .newLineTrimming(true).build();
    }

    /** The page for {@code comparison}. */
    public String render(Comparison comparison) {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("c", comparison);
        ctx.put("css", css());
        try {
            ctx.put("dataJson", HtmlRenderer.safeJson(mapper.writeValueAsString(comparison)));
            StringWriter out = new StringWriter(64 * 1024);
            engine.getTemplate("compare").evaluate(out, ctx);
            return out.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the comparison cannot be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the comparison template failed", e);
        }
    }

    private static String css() {
        String name = "io/chaosharness/report/templates/report.css";
        try (InputStream in = ComparisonRenderer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException("classpath resource " + name + " cannot be read", e);
        }
    }
}
