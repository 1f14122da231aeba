package io.chaosharness.proxy.toxic;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code timeout}: despite its name (Toxiproxy#121), it <em>drops all data</em> of the direction from the moment it is
 * added. With {@code timeout > 0} the connection is closed after {@code timeout} ms <em>without incoming data</em>
 * (the timer is re-armed by every dropped chunk: an idle timer); with 0 it never closes. Removing the toxic closes the
 * connections it affected, because their stream lost data.
 *
 * @param timeout idle milliseconds before the connection closes; 0 never closes
 */
public record TimeoutToxic(long timeout) implements Toxic {

    @JsonCreator
    public TimeoutToxic {
        Attributes.atLeast("timeout", timeout, 0);
    }

    /** The zero-valued toxic, used for registration. */
    public TimeoutToxic() {
        this(0);
    }

    @Override
    public String type() {
        return "timeout";
    }

    @Override
    public void start(ToxicContext ctx) {
        arm(ctx);
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) {
        arm(ctx); // the chunk is dropped
    }

    @Override
    public void stop(ToxicContext ctx, boolean removed) {
        ToxicContext.Cancellable previous = timer(ctx).getAndSet(null);
        if (previous != null) {
            previous.cancel();
        }
        if (removed) {
            ctx.close();
        }
    }

    private void arm(ToxicContext ctx) {
        if (timeout > 0) {
            ToxicContext.Cancellable previous = timer(ctx).getAndSet(ctx.schedule(timeout, ctx::close));
            if (previous != null) {
                previous.cancel();
            }
        }
    }

    private static AtomicReference<ToxicContext.Cancellable> timer(ToxicContext ctx) {
        return ctx.state(AtomicReference::new);
    }
}
