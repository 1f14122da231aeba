package io.chaosharness.proxy.toxic;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code slow_close}: data passes normally; once the source reaches end of stream, the output is closed
 * {@code delay} milliseconds later.
 *
 * @param delay milliseconds between end of stream and close
 */
public record SlowCloseToxic(long delay) implements Toxic {

    @JsonCreator
    public SlowCloseToxic {
        Attributes.atLeast("delay", delay, 0);
    }

    /** The zero-valued toxic, used for registration. */
    public SlowCloseToxic() {
        this(0);
    }

    @Override
    public String type() {
        return "slow_close";
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException {
        ctx.emit(chunk);
    }

    @Override
    public void end(ToxicContext ctx) throws InterruptedException {
        ctx.hold(delay * Attributes.MS);
    }
}
