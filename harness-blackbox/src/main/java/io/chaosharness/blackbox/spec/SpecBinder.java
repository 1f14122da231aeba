package io.chaosharness.blackbox.spec;

import com.fasterxml.jackson.core.JsonPointer;
import io.chaosharness.blackbox.spec.Node.ListNode;
import io.chaosharness.blackbox.spec.Node.MapNode;
import io.chaosharness.blackbox.spec.Node.Scalar;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Binds a located {@link Node} tree to an {@link AppSpec}, field by field, so that every error names its line. The
 * fields each object accepts are {@link #FIELDS}; {@code docs/app-spec.schema.json} must list the same (a test
 * checks it).
 */
final class SpecBinder {

    /** Object kind to the fields it accepts. Kinds are the schema's {@code $defs} names ({@code root}: the document). */
    static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("root", List.of("version", "name", "baseUrl", "accounts", "journeys", "fallback", "health",
                    "metrics", "start", "load", "scenarios")),
            Map.entry("journey", List.of("name", "weight", "steps")),
            Map.entry("step", List.of("name", "method", "path", "headers", "body", "expect")),
            Map.entry("fallback", List.of("status", "header", "json", "bodyMatches")),
            Map.entry("fallbackHeader", List.of("name", "matches")),
            Map.entry("fallbackJson", List.of("pointer", "equals", "matches")),
            Map.entry("health", List.of("path", "expect", "latencyTarget", "interval")),
            Map.entry("metrics", List.of("path", "format", "interval", "values")),
            Map.entry("metricsValues", MetricsSpec.KEYS),
            Map.entry("start", List.of("command", "workingDirectory", "environment", "readinessUrl",
                    "readinessTimeout")),
            Map.entry("load", List.of("users", "thinkTime", "duration", "requestTimeout")));

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_. -]{0,63}");
    private static final Pattern SCENARIO_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ACCOUNT_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final String file;
    private final Map<String, AppSpec.EnvironmentUse> envUses = new LinkedHashMap<>();

    private SpecBinder(String file) {
        this.file = file;
    }

    static AppSpec bind(String file, Node root) {
        return new SpecBinder(file).root(root);
    }

    // ------------------------------------------------------------------ the document

    private AppSpec root(Node node) {
        Obj root = object(node, "", "root");
        if (root.has("version") && root.requiredInt("version", 1, Integer.MAX_VALUE) != AppSpec.VERSION) {
            throw new SpecException(root.locationOf("version"), "version", "this harness reads version "
                    + AppSpec.VERSION + " only");
        }
        String name = root.optionalString("name").map(s -> checkName(s, root.locationOf("name"), "name"))
                .orElseGet(() -> defaultName(file));
        Scalar base = root.requiredScalar("baseUrl");
        URI baseUrl = checkBaseUrl(stringOf(base, "baseUrl"), base.location(), "baseUrl");

        List<Map<String, Template>> accounts = accounts(root);
        Set<String> userFields = new TreeSet<>();
        if (!accounts.isEmpty()) {
            userFields.addAll(accounts.get(0).keySet());
            for (Map<String, Template> a : accounts) {
                userFields.retainAll(a.keySet());
            }
        }
        List<Journey> journeys = journeys(root, userFields);
        Optional<FallbackRecogniser> fallback = root.optionalObject("fallback", "fallback").map(this::fallback);
        Optional<HealthSpec> health = root.optionalObject("health", "health").map(this::health);
        Optional<MetricsSpec> metrics = root.optionalObject("metrics", "metrics").map(this::metrics);
        Optional<StartSpec> start = root.optionalObject("start", "start").map(this::start);
        LoadSettings load = root.optionalObject("load", "load").map(o -> load(o, LoadSettings.defaults()))
                .orElse(LoadSettings.defaults());
        Map<String, LoadSettings> scenarios = new LinkedHashMap<>();
        Map<String, SpecLocation> scenarioLocations = new LinkedHashMap<>();
        root.optionalMap("scenarios").ifPresent(m -> m.entries().forEach((id, value) -> {
            SpecLocation at = m.keyLocations().get(id);
            if (!SCENARIO_ID.matcher(id).matches()) {
                throw new SpecException(at, "scenarios." + id, "a scenario id is lower-case letters, digits and "
                        + "'-' (a catalogue id such as brief-outage)");
            }
            scenarios.put(id, load(object(value, "scenarios." + id, "load"), load));
            scenarioLocations.put(id, at);
        }));
        SpecLocation loadAt = root.has("load") ? root.node.keyLocations().get("load") : root.node.location();
        return new AppSpec(file, name, baseUrl, base.location(), accounts, journeys, fallback, health, metrics, start,
                load, loadAt, scenarios, scenarioLocations, envUses);
    }

    private static String defaultName(String file) {
        String f = Path.of(file).getFileName().toString();
        int dot = f.indexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    static URI checkBaseUrl(String text, SpecLocation at, String field) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new SpecException(at, field, "'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SpecException(at, field, "must be an http:// or https:// URL, but was '" + text + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new SpecException(at, field, "must name a host (http://127.0.0.1:8080), but was '" + text + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new SpecException(at, field, "must not carry credentials (user:password@): read them from "
                    + "environment variables with ${env.NAME} in a header");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new SpecException(at, field, "must not have a query or fragment (put them in the step paths)");
        }
        return uri;
    }

    private List<Map<String, Template>> accounts(Obj root) {
        List<Map<String, Template>> out = new ArrayList<>();
        Optional<ListNode> list = root.optionalList("accounts");
        if (list.isEmpty()) {
            return out;
        }
        if (list.get().items().size() > AppSpec.MAX_ACCOUNTS) {
            throw new SpecException(list.get().location(), "accounts", "at most " + AppSpec.MAX_ACCOUNTS
                    + " accounts, but there are " + list.get().items().size());
        }
        for (int i = 0; i < list.get().items().size(); i++) {
            String path = "accounts[" + i + "]";
            Node item = list.get().items().get(i);
            if (!(item instanceof MapNode m)) {
                throw wrongType(item, path, "a mapping of field names to strings");
            }
            if (m.entries().isEmpty()) {
                throw new SpecException(m.location(), path, "an account needs at least one field (e.g. email)");
            }
            Map<String, Template> account = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> {
                String f = path + "." + k;
                if (!ACCOUNT_FIELD.matcher(k).matches() || k.equals("index")) {
                    throw new SpecException(m.keyLocations().get(k), f, "an account field name is letters, digits, "
                            + "'_' and '-', and not 'index' (that is the user's number)");
                }
                account.put(k, template(v, f, null));
            });
            out.add(account);
        }
        if (!out.isEmpty()) {
            Set<String> first = out.get(0).keySet();
            for (int i = 1; i < out.size(); i++) {
                if (!out.get(i).keySet().equals(first)) {
                    throw new SpecException(list.get().items().get(i).location(), "accounts[" + i + "]",
                            "every account must have the same fields as the first " + first + ", but this one has "
                                    + out.get(i).keySet());
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ journeys

    private List<Journey> journeys(Obj root, Set<String> userFields) {
        ListNode list = root.requiredList("journeys");
        if (list.items().isEmpty() || list.items().size() > AppSpec.MAX_JOURNEYS) {
            throw new SpecException(list.location(), "journeys", "must have between 1 and " + AppSpec.MAX_JOURNEYS
                    + " journeys, but has " + list.items().size());
        }
        List<Journey> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            String path = "journeys[" + i + "]";
            Obj j = object(list.items().get(i), path, "journey");
            String name = checkName(j.requiredString("name"), j.locationOf("name"), path + ".name");
            if (!names.add(name)) {
                throw new SpecException(j.locationOf("name"), path + ".name", "journey name '" + name
                        + "' is used twice");
            }
            int weight = j.optionalInt("weight", 1, 100).orElse(1);
            ListNode steps = j.requiredList("steps");
            if (steps.items().isEmpty() || steps.items().size() > AppSpec.MAX_STEPS) {
                throw new SpecException(steps.location(), path + ".steps", "must have between 1 and "
                        + AppSpec.MAX_STEPS + " steps, but has " + steps.items().size());
            }
            List<Step> stepList = new ArrayList<>();
            Set<String> stepNames = new LinkedHashSet<>();
            for (int s = 0; s < steps.items().size(); s++) {
                Step step = step(object(steps.items().get(s), path + ".steps[" + s + "]", "step"), userFields);
                if (!stepNames.add(step.name())) {
                    throw new SpecException(step.location(), step.field() + ".name", "step name '" + step.name()
                            + "' is used twice in journey '" + name + "' (give the steps names)");
                }
                stepList.add(step);
            }
            out.add(new Journey(name, weight, stepList, path, j.node.location()));
        }
        return out;
    }

    private Step step(Obj s, Set<String> userFields) {
        String method = s.optionalString("method").map(m -> m.strip().toUpperCase(Locale.ROOT)).orElse("GET");
        if (!METHODS.contains(method)) {
            throw new SpecException(s.locationOf("method"), s.path + ".method", "must be one of "
                    + new TreeSet<>(METHODS) + ", but was '" + s.optionalString("method").orElse("") + "'");
        }
        Template path = pathTemplate(s.requiredScalar("path"), s.path + ".path", userFields);
        String name = s.optionalString("name").map(n -> checkName(n, s.locationOf("name"), s.path + ".name"))
                .orElse(method + " " + path.source());
        Map<String, Template> headers = new LinkedHashMap<>();
        s.optionalMap("headers").ifPresent(m -> m.entries().forEach((k, v) -> {
            String f = s.path + ".headers." + k;
            if (!HEADER_NAME.matcher(k).matches()) {
                throw new SpecException(m.keyLocations().get(k), f, "'" + k + "' is not a valid header name");
            }
            if (RESTRICTED_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                throw new SpecException(m.keyLocations().get(k), f, "header '" + k + "' is set by the HTTP client "
                        + "and cannot be given");
            }
            headers.put(k, template(v, f, userFields));
        }));
        Optional<BodyTemplate> body = Optional.empty();
        if (s.has("body")) {
            Node b = s.node.entries().get("body");
            String f = s.path + ".body";
            if (b instanceof Scalar sc && sc.isString()) {
                body = Optional.of(BodyTemplate.text(parseTemplate(sc.text(), sc.location(), f, userFields)));
            } else if (b instanceof MapNode || b instanceof ListNode) {
                body = Optional.of(BodyTemplate.structured(structure(b, f, userFields)));
            } else {
                throw wrongType(b, f, "a string (sent as written) or a mapping/list (sent as JSON)");
            }
            if (method.equals("GET") || method.equals("HEAD")) {
                throw new SpecException(b.location(), f, method + " requests carry no body");
            }
        }
        SpecLocation expectAt = s.has("expect") ? s.locationOf("expect") : s.node.location();
        Set<Integer> expect = s.has("expect") ? statuses(s.node.entries().get("expect"), s.path + ".expect")
                : Set.of(200);
        return new Step(name, method, path, headers, body, expect, s.path, s.node.location(), expectAt);
    }

    private Template pathTemplate(Scalar scalar, String field, Set<String> userFields) {
        String text = stringOf(scalar, field);
        if (!text.startsWith("/")) {
            throw new SpecException(scalar.location(), field, "must start with '/' (it is appended to baseUrl), "
                    + "but was '" + text + "'");
        }
        if (text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new SpecException(scalar.location(), field, "must not contain spaces or control characters "
                    + "(percent-encode them)");
        }
        return template(scalar, field, userFields);
    }

    private Object structure(Node n, String field, Set<String> userFields) {
        if (n instanceof MapNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, structure(v, field + "." + k, userFields)));
            return out;
        } else if (n instanceof ListNode l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                out.add(structure(l.items().get(i), field + "[" + i + "]", userFields));
            }
            return out;
        }
        Scalar s = (Scalar) n;
        return switch (s.token()) {
            case VALUE_STRING -> parseTemplate(s.text(), s.location(), field, userFields);
            case VALUE_NUMBER_INT -> new java.math.BigInteger(s.text());
            case VALUE_NUMBER_FLOAT -> new java.math.BigDecimal(s.text());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    private Set<Integer> statuses(Node n, String field) {
        List<Node> items = n instanceof ListNode l ? l.items() : List.of(n);
        if (items.isEmpty()) {
            throw new SpecException(n.location(), field, "must list at least one status");
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (Node item : items) {
            if (!(item instanceof Scalar s) || s.token() != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
                throw wrongType(item, field, "a status code or a list of them (e.g. [200, 201])");
            }
            int v = parseInt(s, field);
            if (v < 100 || v > 599) {
                throw new SpecException(s.location(), field, "must be a status code between 100 and 599, but was "
                        + s.text());
            }
            out.add(v);
        }
        return out;
    }

    // ------------------------------------------------------------------ fallback, health, metrics, start, load

    private FallbackRecogniser fallback(Obj f) {
        Optional<Integer> status = f.has("status") ? Optional.of(f.requiredInt("status", 100, 599)) : Optional.empty();
        Optional<FallbackRecogniser.HeaderMatch> header = f.optionalObject("header", "fallbackHeader").map(h -> {
            String name = h.requiredString("name");
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new SpecException(h.locationOf("name"), h.path + ".name", "'" + name
                        + "' is not a valid header name");
            }
            return new FallbackRecogniser.HeaderMatch(name, regex(h, "matches", true).orElseThrow());
        });
        Optional<FallbackRecogniser.JsonMatch> json = f.optionalObject("json", "fallbackJson").map(j -> {
            String pointer = j.requiredString("pointer");
            JsonPointer p = pointer(pointer, j.locationOf("pointer"), j.path + ".pointer");
            Optional<String> eq = j.has("equals") ? Optional.of(scalarText(j, "equals")) : Optional.empty();
            Optional<Pattern> matches = regex(j, "matches", false);
            if (eq.isEmpty() && matches.isEmpty()) {
                throw new SpecException(j.node.location(), j.path, "needs 'equals' (the value's text) or 'matches' "
                        + "(a regular expression)");
            }
            return new FallbackRecogniser.JsonMatch(p, eq, matches);
        });
        Optional<Pattern> body = regex(f, "bodyMatches", false);
        if (status.isEmpty() && header.isEmpty() && json.isEmpty() && body.isEmpty()) {
            throw new SpecException(f.node.location(), f.path, "needs at least one of status, header, json, "
                    + "bodyMatches (for the seed plan's app: json: {pointer: /session, equals: emergency-admin})");
        }
        return new FallbackRecogniser(status, header, json, body, f.node.location());
    }

    private HealthSpec health(Obj h) {
        Template path = pathTemplate(h.requiredScalar("path"), h.path + ".path", null);
        Set<Integer> expect = h.has("expect") ? statuses(h.node.entries().get("expect"), h.path + ".expect")
                : Set.of(200);
        Duration target = h.optionalDuration("latencyTarget", Duration.ofMillis(1), Duration.ofMinutes(1))
                .orElse(HealthSpec.DEFAULT_LATENCY_TARGET);
        Duration interval = h.optionalDuration("interval", Duration.ofMillis(100), Duration.ofMinutes(1))
                .orElse(HealthSpec.DEFAULT_INTERVAL);
        return new HealthSpec(path, expect, target, interval, h.node.location());
    }

    private MetricsSpec metrics(Obj m) {
        Template path = pathTemplate(m.requiredScalar("path"), m.path + ".path", null);
        String formatText = m.requiredString("format");
        MetricsSpec.Format format = switch (formatText) {
            case "prometheus" -> MetricsSpec.Format.PROMETHEUS;
            case "json" -> MetricsSpec.Format.JSON;
            default -> throw new SpecException(m.locationOf("format"), m.path + ".format", "must be 'prometheus' or "
                    + "'json', but was '" + formatText + "'");
        };
        Duration interval = m.optionalDuration("interval", Duration.ofMillis(250), Duration.ofMinutes(1))
                .orElse(MetricsSpec.DEFAULT_INTERVAL);
        Obj values = m.requiredObject("values", "metricsValues");
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : values.node.entries().keySet()) {
            String v = values.requiredString(key);
            SpecLocation at = values.locationOf(key);
            String f = values.path + "." + key;
            if (format == MetricsSpec.Format.JSON) {
                pointer(v, at, f);
            } else if (!MetricsSpec.SELECTOR.matcher(v.strip()).matches()) {
                throw new SpecException(at, f, "'" + v + "' is not a Prometheus selector (name or "
                        + "name{label=\"value\"})");
            }
            out.put(key, v);
        }
        if (out.isEmpty()) {
            throw new SpecException(values.node.location(), values.path, "name at least one of " + MetricsSpec.KEYS);
        }
        return new MetricsSpec(path, format, interval, out, m.node.location());
    }

    private StartSpec start(Obj s) {
        Node c = s.node.entries().get("command");
        if (c == null) {
            throw new SpecException(s.node.location(), s.path + ".command", "is required");
        }
        List<String> command = new ArrayList<>();
        if (c instanceof Scalar sc && sc.isString()) {
            for (String part : sc.text().strip().split("\\s+")) {
                if (!part.isEmpty()) {
                    command.add(part);
                }
            }
        } else if (c instanceof ListNode l) {
            for (Node item : l.items()) {
                command.add(stringOf(asScalar(item, s.path + ".command"), s.path + ".command"));
            }
        } else {
            throw wrongType(c, s.path + ".command", "a string or a list of strings (the program and its arguments)");
        }
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new SpecException(c.location(), s.path + ".command", "must name a program");
        }
        Optional<String> dir = s.optionalString("workingDirectory");
        Map<String, Template> env = new LinkedHashMap<>();
        s.optionalMap("environment").ifPresent(m -> m.entries().forEach((k, v) -> {
            String f = s.path + ".environment." + k;
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new SpecException(m.keyLocations().get(k), f, "an environment variable name is letters, "
                        + "digits and '_'");
            }
            env.put(k, template(v, f, null));
        }));
        Scalar ready = s.requiredScalar("readinessUrl");
        URI readiness = checkBaseUrl(stringOf(ready, s.path + ".readinessUrl"), ready.location(),
                s.path + ".readinessUrl");
        Duration timeout = s.optionalDuration("readinessTimeout", Duration.ofSeconds(1), Duration.ofMinutes(10))
                .orElse(StartSpec.DEFAULT_READINESS_TIMEOUT);
        return new StartSpec(command, dir, env, readiness, timeout, s.node.location());
    }

    private LoadSettings load(Obj l, LoadSettings base) {
        LoadSettings out = base;
        out = out.withUsers(l.optionalInt("users", LoadSettings.MIN_USERS, LoadSettings.MAX_USERS)
                .orElse(base.users()));
        out = out.withThinkTime(l.optionalDuration("thinkTime", LoadSettings.MIN_THINK_TIME,
                LoadSettings.MAX_THINK_TIME).orElse(base.thinkTime()));
        out = out.withDuration(l.optionalDuration("duration", LoadSettings.MIN_DURATION, LoadSettings.MAX_DURATION)
                .orElse(base.duration()));
        out = out.withRequestTimeout(l.optionalDuration("requestTimeout", LoadSettings.MIN_REQUEST_TIMEOUT,
                LoadSettings.MAX_REQUEST_TIMEOUT).orElse(base.requestTimeout()));
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Template template(Node n, String field, Set<String> userFields) {
        Scalar s = asScalar(n, field);
        return parseTemplate(stringOf(s, field), s.location(), field, userFields);
    }

    /** Parses a template and notes the environment variables it reads (with their first use). */
    private Template parseTemplate(String text, SpecLocation at, String field, Set<String> userFields) {
        Template t = Template.parse(text, at, field, userFields);
        for (String env : t.environmentVariables()) {
            envUses.putIfAbsent(env, new AppSpec.EnvironmentUse(field, at));
        }
        return t;
    }

    private static String checkName(String name, SpecLocation at, String field) {
        if (!NAME.matcher(name).matches()) {
            throw new SpecException(at, field, "a name is 1 to 64 letters, digits, ' ', '_', '.' or '-', starting "
                    + "with a letter or digit, but was '" + name + "'");
        }
        return name;
    }

    private static JsonPointer pointer(String text, SpecLocation at, String field) {
        if (!text.startsWith("/")) {
            throw new SpecException(at, field, "a JSON pointer starts with '/' (e.g. /session), but was '" + text + "'");
        }
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw new SpecException(at, field, "'" + text + "' is not a JSON pointer: " + e.getMessage());
        }
    }

    private Optional<Pattern> regex(Obj o, String name, boolean required) {
        if (!o.has(name)) {
            if (required) {
                throw new SpecException(o.node.location(), o.path + "." + name, "is required");
            }
            return Optional.empty();
        }
        String text = o.requiredString(name);
        try {
            return Optional.of(Pattern.compile(text));
        } catch (PatternSyntaxException e) {
            throw new SpecException(o.locationOf(name), o.path + "." + name, "not a valid regular expression: "
                    + e.getDescription());
        }
    }

    private static String scalarText(Obj o, String name) {
        Scalar s = asScalar(o.node.entries().get(name), o.path + "." + name);
        if (s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
            return "null";
        }
        return s.text();
    }

    private static Scalar asScalar(Node n, String field) {
        if (n instanceof Scalar s) {
            return s;
        }
        throw wrongType(n, field, "a string");
    }

    private static String stringOf(Scalar s, String field) {
        if (!s.isString()) {
            throw wrongType(s, field, "a string");
        }
        return s.text();
    }

    private static int parseInt(Scalar s, String field) {
        try {
            return Integer.parseInt(s.text());
        } catch (NumberFormatException e) {
            throw new SpecException(s.location(), field, "'" + s.text() + "' is too large");
        }
    }

    static SpecException wrongType(Node n, String field, String expected) {
        String was = n instanceof Scalar s && s.text() != null && s.text().length() <= 40
                ? n.kind() + " (" + s.text() + ")" : n.kind();
        String article = was.matches("^[aeiou].*") ? "an " : "a ";
        return new SpecException(n.location(), field, "must be " + expected + ", but was " + article + was);
    }

    private Obj object(Node n, String path, String kind) {
        if (!(n instanceof MapNode m)) {
            throw wrongType(n, path, "a mapping");
        }
        Obj o = new Obj(m, path);
        List<String> allowed = FIELDS.get(kind);
        for (String key : m.entries().keySet()) {
            if (!allowed.contains(key)) {
                String hint = allowed.stream().filter(a -> a.equalsIgnoreCase(key)).findFirst()
                        .map(a -> " (did you mean '" + a + "'?)").orElse("");
                throw new SpecException(m.keyLocations().get(key), o.child(key), "unknown field" + hint
                        + "; known: " + String.join(", ", allowed));
            }
        }
        return o;
    }

    /** One mapping being bound, with its path. */
    private final class Obj {
        final MapNode node;
        final String path;

        Obj(MapNode node, String path) {
            this.node = node;
            this.path = path;
        }

        String child(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        boolean has(String name) {
            return node.entries().containsKey(name);
        }

        SpecLocation locationOf(String name) {
            Node n = node.entries().get(name);
            return n != null ? n.location() : node.location();
        }

        Scalar requiredScalar(String name) {
            Node n = node.entries().get(name);
            if (n == null) {
                throw new SpecException(node.location(), child(name), "is required");
            }
            return asScalar(n, child(name));
        }

        String requiredString(String name) {
            return stringOf(requiredScalar(name), child(name));
        }

        Optional<String> optionalString(String name) {
            return has(name) ? Optional.of(requiredString(name)) : Optional.empty();
        }

        int requiredInt(String name, int min, int max) {
            Node n = node.entries().get(name);
            if (n == null) {
                throw new SpecException(node.location(), child(name), "is required");
            }
            if (!(n instanceof Scalar s) || s.token() != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
                throw wrongType(n, child(name), "an integer");
            }
            int v = parseInt(s, child(name));
            if (v < min || v > max) {
                throw new SpecException(s.location(), child(name), "must be between " + min + " and " + max
                        + ", but was " + v);
            }
            return v;
        }

        Optional<Integer> optionalInt(String name, int min, int max) {
            return has(name) ? Optional.of(requiredInt(name, min, max)) : Optional.empty();
        }

        Optional<Duration> optionalDuration(String name, Duration min, Duration max) {
            if (!has(name)) {
                return Optional.empty();
            }
            Node n = node.entries().get(name);
            if (!(n instanceof Scalar s) || !s.isString()) {
                throw wrongType(n, child(name), "a duration with a unit (500ms, 2s, 1m)");
            }
            Duration d = Durations.parse(s.text());
            if (d == null) {
                throw new SpecException(s.location(), child(name), "'" + s.text() + "' is not a duration (500ms, "
                        + "2s, 1.5s, 1m, 1h)");
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new SpecException(s.location(), child(name), "must be between " + Durations.format(min)
                        + " and " + Durations.format(max) + ", but was " + s.text());
            }
            return Optional.of(d);
        }

        Optional<Obj> optionalObject(String name, String kind) {
            return has(name) ? Optional.of(object(node.entries().get(name), child(name), kind)) : Optional.empty();
        }

        Obj requiredObject(String name, String kind) {
            if (!has(name)) {
                throw new SpecException(node.location(), child(name), "is required");
            }
            return object(node.entries().get(name), child(name), kind);
        }

        Optional<MapNode> optionalMap(String name) {
            if (!has(name)) {
                return Optional.empty();
            }
            Node n = node.entries().get(name);
            if (!(n instanceof MapNode m)) {
                throw wrongType(n, child(name), "a mapping");
            }
            return Optional.of(m);
        }

        Optional<ListNode> optionalList(String name) {
            return has(name) ? Optional.of(requiredList(name)) : Optional.empty();
        }

        ListNode requiredList(String name) {
            Node n = node.entries().get(name);
            if (n == null) {
                throw new SpecException(node.location(), child(name), "is required");
            }
            if (!(n instanceof ListNode l)) {
                throw wrongType(n, child(name), "a list");
            }
            return l;
        }
    }
}
