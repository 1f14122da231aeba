package io.chaosharness.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP header fields with case-insensitive names, kept in the canonical form Go's {@code net/textproto} gives them
 * ({@code content-type} and {@code CONTENT-TYPE} are both {@code Content-Type}), which is the form Toxiproxy writes.
 * Iterates in name order, as Go writes response headers. Not thread-safe: one exchange, one thread.
 */
final class Headers {

    private final TreeMap<String, List<String>> fields = new TreeMap<>();

    /** Go's CanonicalMIMEHeaderKey: the first letter and every letter after a hyphen upper case, the rest lower. */
    static String canonical(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }

    /** The first value of {@code name}, or null. */
    String getFirst(String name) {
        List<String> values = fields.get(canonical(name));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of {@code name}, or null when there is none (as {@code com.sun.net.httpserver.Headers}). */
    List<String> get(String name) {
        List<String> values = fields.get(canonical(name));
        return values == null ? null : Collections.unmodifiableList(values);
    }

    boolean containsKey(String name) {
        return fields.containsKey(canonical(name));
    }

    /** Replaces every value of {@code name} with {@code value}. */
    void set(String name, String value) {
        List<String> values = new ArrayList<>(1);
        values.add(value);
        fields.put(canonical(name), values);
    }

    /** Adds {@code value} to those of {@code name}. */
    void add(String name, String value) {
        fields.computeIfAbsent(canonical(name), k -> new ArrayList<>(1)).add(value);
    }

    void remove(String name) {
        fields.remove(canonical(name));
    }

    /** Name (canonical) to values, in name order. */
    Map<String, List<String>> map() {
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
