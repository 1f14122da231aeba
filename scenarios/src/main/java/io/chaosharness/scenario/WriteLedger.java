package io.chaosharness.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of writes the database acknowledged, as the client heard it. After the run the runner compares them with
 * what is actually stored (through the admin connection): an acknowledged write that is missing was lost.
 * Thread-safe.
 */
public final class WriteLedger {

    private final List<String> acknowledged = new ArrayList<>();

    /** Records that the write under {@code key} was acknowledged. */
    public synchronized void acknowledged(String key) {
        acknowledged.add(key);
    }

    /** The acknowledged keys, in order. */
    public synchronized List<String> keys() {
        return List.copyOf(acknowledged);
    }

    public synchronized int size() {
        return acknowledged.size();
    }
}
