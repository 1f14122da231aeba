package io.chaosharness.blackbox.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to tell that a response is the application's fallback (for the seed plan's app: the emergency-admin session,
 * JSON {@code "session":"emergency-admin"}). Every condition given must hold; at least one is given.
 *
 * @param status      the response status
 * @param header      a header whose value matches a regular expression (found anywhere in the value)
 * @param json        a JSON pointer into the response body and the text its value must equal or match
 * @param bodyMatches a regular expression found anywhere in the body
 * @param location    the {@code fallback} block's line
 */
public record FallbackRecogniser(Optional<Integer> status, Optional<HeaderMatch> header, Optional<JsonMatch> json,
                                 Optional<Pattern> bodyMatches, SpecLocation location) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A header name (case-insensitive) and the pattern its value must contain. */
    public record HeaderMatch(String name, Pattern matches) {
    }

    /**
     * A JSON pointer ({@code /session}) and either the exact text of the value ({@code equals}) or a pattern it must
     * contain ({@code matches}). A body that is not JSON, or has nothing at the pointer, does not match.
     */
    public record JsonMatch(JsonPointer pointer, Optional<String> equalsText, Optional<Pattern> matches) {
    }

    public FallbackRecogniser {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(bodyMatches, "bodyMatches");
        Objects.requireNonNull(location, "location");
        if (status.isEmpty() && header.isEmpty() && json.isEmpty() && bodyMatches.isEmpty()) {
            throw new IllegalArgumentException("a fallback recogniser needs at least one condition");
        }
    }

    /**
     * Whether a response is a fallback.
     *
     * @param headers response headers, names in any case
     * @param body    the response body as text ({@code ""} when none)
     */
    public boolean isFallback(int statusCode, Map<String, List<String>> headers, String body) {
        if (status.isPresent() && status.get() != statusCode) {
            return false;
        }
        if (header.isPresent()) {
            HeaderMatch h = header.get();
            boolean found = false;
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(h.name())) {
                    for (String v : e.getValue()) {
                        found |= h.matches().matcher(v).find();
                    }
                }
            }
            if (!found) {
                return false;
            }
        }
        if (bodyMatches.isPresent() && (body == null || !bodyMatches.get().matcher(body).find())) {
            return false;
        }
        if (json.isPresent()) {
            JsonMatch j = json.get();
            JsonNode value;
            try {
                JsonNode root = body == null || body.isBlank() ? null : MAPPER.readTree(body);
                value = root == null ? null : root.at(j.pointer());
            } catch (Exception notJson) {
                return false;
            }
            if (value == null || value.isMissingNode() || value.isContainerNode()) {
                return false;
            }
            String text = value.isNull() ? "null" : value.asText();
            if (j.equalsText().isPresent() && !j.equalsText().get().equals(text)) {
                return false;
            }
            if (j.matches().isPresent() && !j.matches().get().matcher(text).find()) {
                return false;
            }
        }
        return true;
    }
}
