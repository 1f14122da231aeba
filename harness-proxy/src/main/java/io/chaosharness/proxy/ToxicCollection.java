package io.chaosharness.proxy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The toxics of one proxy, one ordered list per direction, and the live links they apply to. Every change rewires
 * every live link of the direction at once (existing pooled connections are affected) without waiting for traffic.
 */
final class ToxicCollection {

    private final List<ToxicEntry> upstream = new ArrayList<>();
    private final List<ToxicEntry> downstream = new ArrayList<>();
    private final Set<Link> upLinks = new LinkedHashSet<>();
    private final Set<Link> downLinks = new LinkedHashSet<>();

    /** Upstream chain first, then downstream, each in insertion order. */
    synchronized List<ToxicEntry> all() {
        List<ToxicEntry> all = new ArrayList<>(upstream);
        all.addAll(downstream);
        return all;
    }

    synchronized ToxicEntry get(String name) {
        for (ToxicEntry e : upstream) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        for (ToxicEntry e : downstream) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    synchronized boolean exists(String name) {
        return get(name) != null;
    }

    synchronized ToxicEntry add(ToxicEntry entry) {
        if (exists(entry.name())) {
            throw new ApiException(409, "toxic already exists");
        }
        list(entry.direction()).add(entry);
        rewire(entry.direction());
        return entry;
    }

    synchronized ToxicEntry update(String name, UnaryOperator<ToxicEntry> change) {
        ToxicEntry current = get(name);
        if (current == null) {
            throw new ApiException(404, "toxic not found");
        }
        ToxicEntry next = change.apply(current);
        List<ToxicEntry> list = list(current.direction());
        list.set(list.indexOf(current), next);
        rewire(current.direction());
        return next;
    }

    synchronized void remove(String name) {
        ToxicEntry current = get(name);
        if (current == null) {
            throw new ApiException(404, "toxic not found");
        }
        list(current.direction()).remove(current);
        rewire(current.direction());
    }

    synchronized void clear() {
        upstream.clear();
        downstream.clear();
        rewire(ToxicEntry.Direction.UPSTREAM);
        rewire(ToxicEntry.Direction.DOWNSTREAM);
    }

    /** Adds a new connection's link with the current chain; toxicity is drawn for it now. */
    synchronized void register(Link link) {
        link.install(List.copyOf(list(link.direction())));
        links(link.direction()).add(link);
        if (link.connection().isClosed()) {
            links(link.direction()).remove(link);
        }
    }

    synchronized void unregister(Link link) {
        links(link.direction()).remove(link);
    }

    private void rewire(ToxicEntry.Direction direction) {
        List<ToxicEntry> chain = List.copyOf(list(direction));
        for (Link link : new ArrayList<>(links(direction))) {
            link.install(chain);
        }
    }

    private List<ToxicEntry> list(ToxicEntry.Direction direction) {
        return direction == ToxicEntry.Direction.UPSTREAM ? upstream : downstream;
    }

    private Set<Link> links(ToxicEntry.Direction direction) {
        return direction == ToxicEntry.Direction.UPSTREAM ? upLinks : downLinks;
    }
}
