package io.chaosharness.proxy;

import io.chaosharness.proxy.toxic.Toxic;

/**
 * A toxic as the API knows it: its name, the stream string exactly as sent, the parsed direction, its toxicity and
 * its attributes (the toxic record). Immutable; an update makes a new entry with the same name.
 */
record ToxicEntry(String name, String stream, Direction direction, float toxicity, Toxic toxic) {

    String type() {
        return toxic.type();
    }

    /** Which bytes a toxic acts on: upstream = client to server, downstream = server to client. */
    enum Direction {
        UPSTREAM,
        DOWNSTREAM;

        static Direction parse(String value) {
            if (value == null) {
                return null;
            }
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "upstream":
                    return UPSTREAM;
                case "downstream":
                    return DOWNSTREAM;
                default:
                    return null;
            }
        }
    }
}
