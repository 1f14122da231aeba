package io.chaosharness.proxy.toxic;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code limit_data}: passes data up to {@code bytes} bytes on this connection direction (the last chunk is
 * truncated), then closes the connection. The count survives updates of the toxic.
 *
 * @param bytes bytes allowed through, at least 0
 */
public record LimitDataToxic(long bytes) implements Toxic {

    @JsonCreator
    public LimitDataToxic {
        Attributes.atLeast("bytes", bytes, 0);
    }

    /** The zero-valued toxic, used for registration. */
    public LimitDataToxic() {
        this(0);
    }

    @Override
    public String type() {
        return "limit_data";
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException {
        long[] sent = ctx.state(() -> new long[1]);
        if (sent[0] < bytes) {
            int allowed = (int) Math.min(chunk.length(), bytes - sent[0]);
            ctx.emit(allowed == chunk.length() ? chunk : chunk.slice(0, allowed));
            sent[0] += allowed;
        }
        if (sent[0] >= bytes) {
            ctx.close();
        }
    }
}
