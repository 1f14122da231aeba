package io.chaosharness.blackbox.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A text with placeholders, checked when the spec is read:
 * <ul>
 *   <li>{@code ${env.NAME}}: an environment variable (authentication values: a token, a password). Its value is a
 *       secret: never written to results or logs;</li>
 *   <li>{@code ${user.index}} (the virtual user's number, from 0) and {@code ${user.FIELD}}: a field of the user's
 *       account in the spec's {@code accounts} (every account must have it);</li>
 *   <li>{@code ${random.uuid}}, {@code ${random.int}}: drawn from the user's seeded random source.</li>
 * </ul>
 * {@code $${} stands for a literal <code>${</code>. Anything else inside <code>${...}</code> is refused with the
 * field's line.
 */
public final class Template {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private sealed interface Part permits Literal, Variable {
    }

    private record Literal(String text) implements Part {
    }

    private record Variable(String namespace, String name) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** A template without placeholders. */
    public static Template literal(String text) {
        return new Template(text.replace("${", "$${"), List.of(new Literal(text)));
    }

    /**
     * Parses {@code text}.
     *
     * @param userFields the {@code user.*} fields that exist ({@code index} always does); {@code null} when
     *                   {@code user.*} is not allowed here (inside the accounts themselves)
     * @throws SpecException naming {@code location} and {@code field} for an unknown or malformed placeholder
     */
    static Template parse(String text, SpecLocation location, String field, Set<String> userFields) {
        Objects.requireNonNull(text, "text");
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new SpecException(location, field, "placeholder '" + text.substring(i)
                            + "' is not closed with '}'");
                }
                String expr = text.substring(i + 2, end).strip();
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(variable(expr, location, field, userFields));
                i = end + 1;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(text, parts);
    }

    private static Variable variable(String expr, SpecLocation location, String field, Set<String> userFields) {
        int dot = expr.indexOf('.');
        String ns = dot < 0 ? expr : expr.substring(0, dot);
        String name = dot < 0 ? "" : expr.substring(dot + 1);
        switch (ns) {
            case "env" -> {
                if (!ENV_NAME.matcher(name).matches()) {
                    throw new SpecException(location, field, "'${" + expr + "}': an environment variable name is "
                            + "letters, digits and '_' (e.g. ${env.ADMIN_TOKEN})");
                }
                return new Variable(ns, name);
            }
            case "user" -> {
                if (userFields == null) {
                    throw new SpecException(location, field, "'${" + expr + "}': user fields cannot be used here "
                            + "(only ${env.*} and ${random.*})");
                }
                if (!USER_FIELD.matcher(name).matches()) {
                    throw new SpecException(location, field, "'${" + expr + "}': expected ${user.FIELD}");
                }
                if (!name.equals("index") && !userFields.contains(name)) {
                    throw new SpecException(location, field, "'${" + expr + "}': no account has the field '" + name
                            + "'; known: " + known(userFields));
                }
                return new Variable(ns, name);
            }
            case "random" -> {
                if (!name.equals("uuid") && !name.equals("int")) {
                    throw new SpecException(location, field, "'${" + expr + "}': known are ${random.uuid} and "
                            + "${random.int}");
                }
                return new Variable(ns, name);
            }
            default -> throw new SpecException(location, field, "'${" + expr + "}': unknown placeholder; known are "
                    + "${env.NAME}, ${user.FIELD}, ${random.uuid}, ${random.int}");
        }
    }

    private static String known(Set<String> userFields) {
        Set<String> all = new LinkedHashSet<>();
        all.add("index");
        all.addAll(userFields);
        return String.join(", ", all);
    }

    /** Renders the template. An environment variable or user field missing from {@code ctx} is an error. */
    public String render(RenderContext ctx) {
        if (parts.size() == 1 && parts.get(0) instanceof Literal l) {
            return l.text();
        }
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else {
                Variable v = (Variable) p;
                out.append(switch (v.namespace()) {
                    case "env" -> required(ctx.env().get(v.name()), "environment variable " + v.name());
                    case "user" -> required(ctx.user().get(v.name()), "user field " + v.name());
                    default -> v.name().equals("uuid") ? ctx.randomUuid()
                            : Integer.toString(ctx.random().nextInt(Integer.MAX_VALUE));
                });
            }
        }
        return out.toString();
    }

    private static String required(String value, String what) {
        if (value == null) {
            throw new IllegalStateException(what + " was not resolved before rendering");
        }
        return value;
    }

    /** The environment variables this template reads, in order of appearance. */
    public Set<String> environmentVariables() {
        Set<String> out = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Variable v && v.namespace().equals("env")) {
                out.add(v.name());
            }
        }
        return out;
    }

    /** Whether the template has no placeholder. */
    public boolean isConstant() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    /** The template as written in the spec (safe to print: placeholders, not values). */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
