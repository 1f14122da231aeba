package io.chaosharness.proxy.toxic;

/**
 * One kind of fault applied to the bytes of one direction of a proxied connection. Implementations are immutable
 * records whose components are the toxic's JSON attributes (all of them are always rendered, zero values included);
 * their compact constructor rejects values Toxiproxy would crash or hang on, naming the field and the value.
 *
 * <p>Registering: list the class in {@code META-INF/services/io.chaosharness.proxy.toxic.Toxic} and give it a public
 * no-argument constructor that yields the zero-valued toxic. {@link #type()} is the name the API uses.
 *
 * <p>Lifecycle on each link where the toxic is active (toxicity is drawn per link when the stub (re)starts):
 * {@link #start} when the connection opens or the toxic is added or updated, {@link #pipe} for every chunk,
 * {@link #end} when the source reached end of stream, {@link #stop} when the toxic is updated, removed, or the
 * connection closes.
 */
public interface Toxic {

    /** The registered name, e.g. {@code latency}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    String type();

    /** Handles one chunk: emit it (possibly later, split or cut), drop it, or end the connection. */
    void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException;

    /** The stub starts on a link; may be called on the API thread. Must not block. */
    default void start(ToxicContext ctx) {
    }

    /** The source of this direction reached end of stream; the output closes when this returns. */
    default void end(ToxicContext ctx) throws InterruptedException {
    }

    /**
     * The stub stops on a link: {@code removed} is true when the toxic was deleted (not merely updated or the
     * connection closed). May be called on the API thread. Must not block.
     */
    default void stop(ToxicContext ctx, boolean removed) {
    }
}
