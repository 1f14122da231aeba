package io.chaosharness.proxy.toxic;

/** {@code noop}: passes every chunk unchanged. Registered and accepted by the API, like Toxiproxy's. */
public record NoopToxic() implements Toxic {

    @Override
    public String type() {
        return "noop";
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException {
        ctx.emit(chunk);
    }
}
