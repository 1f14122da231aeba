package io.chaosharness.blackbox.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec document as a tree whose every value keeps its line: Jackson's tree model forgets locations, so the file is
 * read token by token (YAML and JSON through the same {@link JsonParser}) into this. Duplicate keys are refused here.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {

    SpecLocation location();

    /** What the value is, for "must be a ..., but was a ..." messages. */
    String kind();

    /** A mapping; keys in file order, each with the key's own location. */
    record MapNode(SpecLocation location, Map<String, Node> entries, Map<String, SpecLocation> keyLocations)
            implements Node {
        @Override
        public String kind() {
            return "mapping";
        }
    }

    record ListNode(SpecLocation location, List<Node> items) implements Node {
        @Override
        public String kind() {
            return "list";
        }
    }

    /** A scalar: {@code token} is Jackson's (string, int, float, true/false, null), {@code text} its text. */
    record Scalar(SpecLocation location, JsonToken token, String text) implements Node {
        @Override
        public String kind() {
            return switch (token) {
                case VALUE_STRING -> "string";
                case VALUE_NUMBER_INT -> "integer";
                case VALUE_NUMBER_FLOAT -> "number";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                case VALUE_NULL -> "null";
                default -> token.name();
            };
        }

        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }
    }

    /**
     * Reads {@code content}: JSON when {@code file} ends in {@code .json} or the content starts with <code>{</code>,
     * YAML otherwise (YAML 1.1 as SnakeYAML reads it; a JSON document is YAML too).
     */
    static Node read(String file, String content) {
        boolean json = file.toLowerCase(java.util.Locale.ROOT).endsWith(".json") || content.stripLeading().startsWith("{");
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        try (JsonParser p = factory.createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SpecException(SpecLocation.ofFile(file), "", "the file is empty");
            }
            Node root = readValue(file, p);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new SpecException(at(file, p.currentTokenLocation()), "",
                        "a spec file holds one document, but a second one starts here");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            SpecLocation where = l == null ? SpecLocation.ofFile(file) : at(file, l);
            throw new SpecException(where, "", "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SpecException(SpecLocation.ofFile(file), "", "could not be read: " + e.getMessage(), e);
        }
    }

    private static Node readValue(String file, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        SpecLocation here = at(file, p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, SpecLocation> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    SpecLocation keyAt = at(file, p.currentTokenLocation());
                    if (entries.containsKey(name)) {
                        throw new SpecException(keyAt, name, "duplicate key (first at line "
                                + keys.get(name).line() + ")");
                    }
                    p.nextToken();
                    keys.put(name, keyAt);
                    entries.put(name, readValue(file, p));
                }
                return new MapNode(here, entries, keys);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(file, p));
                }
                return new ListNode(here, items);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                return new Scalar(here, t, t == JsonToken.VALUE_NULL ? null : p.getText());
            }
            default -> throw new SpecException(here, "", "unexpected " + t + " (tags and embedded objects are not read)");
        }
    }

    private static SpecLocation at(String file, JsonLocation l) {
        return new SpecLocation(file, Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
    }
}
