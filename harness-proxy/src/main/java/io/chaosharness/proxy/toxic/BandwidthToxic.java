package io.chaosharness.proxy.toxic;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code bandwidth}: limits the direction to {@code rate} KB/s (KB = 1000 bytes). Chunks larger than
 * {@code rate*100} bytes go out in 100 ms slices. {@code rate} 0 stalls the stream and keeps the connection open;
 * the held data is delivered when the toxic is removed or changed.
 *
 * @param rate kilobytes (1000 bytes) per second, at least 0
 */
public record BandwidthToxic(long rate) implements Toxic {

    private static final long SLICE_NANOS = 100 * Attributes.MS;

    @JsonCreator
    public BandwidthToxic {
        Attributes.atLeast("rate", rate, 0);
    }

    /** The zero-valued toxic, used for registration. */
    public BandwidthToxic() {
        this(0);
    }

    @Override
    public String type() {
        return "bandwidth";
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException {
        if (rate == 0) {
            while (ctx.pause(SLICE_NANOS)) {
                // stalled: nothing goes out until the toxic changes
            }
            ctx.emit(chunk);
            return;
        }
        long[] debt = ctx.state(() -> new long[1]); // nanoseconds still owed, carried across chunks
        debt[0] += chunk.length() * Attributes.MS / rate;
        long sliceBytes = rate > Long.MAX_VALUE / 100 ? Long.MAX_VALUE : rate * 100;
        Chunk rest = chunk;
        while (rest.length() > sliceBytes) {
            long sliceStart = System.nanoTime();
            if (!ctx.pause(SLICE_NANOS)) {
                ctx.emit(rest);
                return;
            }
            ctx.emit(rest.slice(0, (int) sliceBytes));
            rest = rest.slice((int) sliceBytes, rest.length());
            // the time really spent, not the nominal 100 ms: oversleeping must not lower the rate
            debt[0] -= System.nanoTime() - sliceStart;
        }
        long start = System.nanoTime();
        boolean whole = ctx.pause(debt[0]);
        debt[0] = whole ? debt[0] - (System.nanoTime() - start) : 0;
        ctx.emit(rest);
    }
}
