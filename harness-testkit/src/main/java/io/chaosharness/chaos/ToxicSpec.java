package io.chaosharness.chaos;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One toxic a fault adds to the database proxy, in the harness's own terms: what it is, on which stream, for which
 * share of connections, with which attributes. {@link ToxiproxyDriver} translates it to the Toxiproxy API.
 *
 * @param suffix     names the toxic within its fault ({@code chaos-<faultId>-<suffix>} on the proxy)
 * @param type       the toxic
 * @param direction  the stream it acts on
 * @param toxicity   the share of connections (drawn per connection and stream) it affects, 0.0 to 1.0
 * @param attributes exactly the attributes {@code type} takes ({@link ToxicType#attributes()}), none negative
 */
public record ToxicSpec(String suffix, ToxicType type, Direction direction, float toxicity,
                        Map<String, Long> attributes) {

    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public ToxicSpec {
        Objects.requireNonNull(suffix, "suffix must not be null");
        if (!SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("suffix must match " + SUFFIX + ", but was '" + suffix + "'");
        }
        Objects.requireNonNull(type, "type must not be null");
        Check.direction(direction);
        Check.toxicity(toxicity);
        Objects.requireNonNull(attributes, "attributes must not be null");
        if (!attributes.keySet().equals(new java.util.HashSet<>(type.attributes()))) {
            throw new IllegalArgumentException("attributes of a " + type.wireName() + " toxic must be "
                    + type.attributes() + ", but were " + attributes.keySet());
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String name : type.attributes()) {
            Long value = Objects.requireNonNull(attributes.get(name), "attribute " + name + " must not be null");
            Check.nonNegative(name, value);
            ordered.put(name, value);
        }
        attributes = java.util.Collections.unmodifiableMap(ordered);
    }

    /** A toxic on every connection. */
    public static ToxicSpec of(String suffix, ToxicType type, Direction direction, Map<String, Long> attributes) {
        return new ToxicSpec(suffix, type, direction, 1f, attributes);
    }
}
