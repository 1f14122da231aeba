package io.chaosharness.proxy.toxic;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code latency}: delays each chunk by {@code latency + U[-jitter, +jitter)} milliseconds, minus the time the chunk
 * already waited, so order is kept and a busy stream is not slowed twice. Stacked latency toxics add up.
 *
 * @param latency delay in milliseconds
 * @param jitter  maximum deviation in milliseconds, drawn from the link's seeded generator
 */
public record LatencyToxic(long latency, long jitter) implements Toxic {

    @JsonCreator
    public LatencyToxic {
        Attributes.atLeast("latency", latency, 0);
        Attributes.atLeast("jitter", jitter, 0);
    }

    /** The zero-valued toxic, used for registration. */
    public LatencyToxic() {
        this(0, 0);
    }

    @Override
    public String type() {
        return "latency";
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException {
        long delay = latency;
        if (jitter > 0) {
            delay += ctx.random().nextLong(2 * jitter) - jitter;
        }
        long sleep = delay * Attributes.MS - (System.nanoTime() - chunk.timestampNanos());
        if (sleep <= 0) {
            ctx.emit(chunk);
        } else if (ctx.pause(sleep)) {
            ctx.emit(chunk.withTimestamp(chunk.timestampNanos() + sleep));
        } else {
            ctx.emit(chunk); // the chain changed: let the chunk go at once, never hold a toxic change
        }
    }
}
