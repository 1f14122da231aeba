package io.chaosharness.proxy.toxic;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code reset_peer}: nothing happens until the first chunk arrives in this direction (idle connections are not
 * reset); that chunk is dropped, and {@code timeout} ms later the connection ends with a real TCP RST on both sides
 * ({@code SO_LINGER} 0, set only on links where this toxic is active, unlike Toxiproxy#603).
 *
 * @param timeout milliseconds between the first chunk and the reset; 0 resets at once
 */
public record ResetPeerToxic(long timeout) implements Toxic {

    @JsonCreator
    public ResetPeerToxic {
        Attributes.atLeast("timeout", timeout, 0);
    }

    /** The zero-valued toxic, used for registration. */
    public ResetPeerToxic() {
        this(0);
    }

    @Override
    public String type() {
        return "reset_peer";
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException {
        ctx.hold(timeout * Attributes.MS);
        ctx.reset();
    }
}
