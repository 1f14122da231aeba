package io.chaosharness.core.event;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The run's one timeline. Thread-safe; appends are cheap (one lock, one list add). The recorder is bounded:
 * past {@link #capacity()} events it keeps counting but stops storing, and says so in {@link #dropped()}, so a
 * long run cannot exhaust memory.
 *
 * <p>Producers call {@link #record(Function)} with a factory that receives the timestamp, so every event is stamped
 * by the same injected clock:
 * <pre>{@code recorder.record(at -> new RetryEvent(at, "select-1", 2, 1000, "TRANSIENT"));}</pre>
 */
public final class EventRecorder {

    /** Default number of events kept. */
    public static final int DEFAULT_CAPACITY = 2_000_000;

    private final Clock clock;
    private final int capacity;
    private final List<HarnessEvent> events = new ArrayList<>();
    private final List<Consumer<HarnessEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();

    public EventRecorder(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    public EventRecorder(Clock clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        this.capacity = capacity;
    }

    /** A recorder on the system UTC clock. */
    public static EventRecorder systemUtc() {
        return new EventRecorder(Clock.systemUTC());
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public int capacity() {
        return capacity;
    }

    /** Stamps and records an event built by {@code factory}; returns it. */
    public <E extends HarnessEvent> E record(Function<Instant, E> factory) {
        E event = factory.apply(clock.instant());
        append(event);
        return event;
    }

    /** Records an event that already carries its timestamp. */
    public void append(HarnessEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (events) {
            if (events.size() < capacity) {
                events.add(event);
            } else {
                dropped.incrementAndGet();
            }
        }
        for (Consumer<HarnessEvent> listener : listeners) {
            listener.accept(event);
        }
    }

    /** Calls {@code listener} for every event appended from now on, on the appending thread. Returns a handle to stop. */
    public AutoCloseable subscribe(Consumer<HarnessEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** A copy of the timeline so far, in append order. */
    public List<HarnessEvent> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Events of one type, in append order. */
    public <E extends HarnessEvent> List<E> ofType(Class<E> type) {
        List<E> out = new ArrayList<>();
        synchronized (events) {
            for (HarnessEvent e : events) {
                if (type.isInstance(e)) {
                    out.add(type.cast(e));
                }
            }
        }
        return out;
    }

    /** Events appended at or after {@code from}. */
    public List<HarnessEvent> since(Instant from) {
        List<HarnessEvent> out = new ArrayList<>();
        synchronized (events) {
            for (HarnessEvent e : events) {
                if (!e.at().isBefore(from)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    public int size() {
        synchronized (events) {
            return events.size();
        }
    }

    /** Events counted but not stored because the capacity was reached. */
    public long dropped() {
        return dropped.get();
    }

    /** Forgets every stored event (for reusing a recorder between scenarios); listeners stay. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
        dropped.set(0);
    }
}
