package io.chaosharness.chaos;

import java.util.List;

/**
 * The Toxiproxy toxics the harness's faults use, each with its name on the API and the attributes it takes (all
 * integers; durations in milliseconds except the slicer's {@code delay}, which is in microseconds as in Toxiproxy).
 */
public enum ToxicType {
    LATENCY("latency", "latency", "jitter"),
    BANDWIDTH("bandwidth", "rate"),
    SLOW_CLOSE("slow_close", "delay"),
    TIMEOUT("timeout", "timeout"),
    RESET_PEER("reset_peer", "timeout"),
    SLICER("slicer", "average_size", "size_variation", "delay"),
    LIMIT_DATA("limit_data", "bytes");

    private final String wireName;
    private final List<String> attributes;

    ToxicType(String wireName, String... attributes) {
        this.wireName = wireName;
        this.attributes = List.of(attributes);
    }

    /** The toxic's {@code type} on the Toxiproxy API, e.g. {@code reset_peer}. */
    public String wireName() {
        return wireName;
    }

    /** The attribute names this toxic takes, in the order Toxiproxy documents them. */
    public List<String> attributes() {
        return attributes;
    }
}
