package io.chaosharness.proxy.toxic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code slicer}: splits each chunk recursively in about two halves (the split point moves by up to
 * ±{@code size_variation}, drawn from the link's seeded generator) until a piece is at most
 * {@code average_size + size_variation} bytes, and sends the pieces {@code delay} µs apart. Every byte arrives, in
 * order.
 *
 * @param averageSize   target piece size in bytes, at least 1 (0 would recurse without end)
 * @param sizeVariation maximum deviation of the split point in bytes
 * @param delay         microseconds between pieces
 */
public record SlicerToxic(@JsonProperty("average_size") int averageSize,
                          @JsonProperty("size_variation") int sizeVariation,
                          @JsonProperty("delay") long delay) implements Toxic {

    @JsonCreator
    public SlicerToxic {
        Attributes.atLeast("average_size", averageSize, 1);
        Attributes.atLeast("size_variation", sizeVariation, 0);
        Attributes.atLeast("delay", delay, 0);
    }

    /** The zero-valued toxic, used for registration (not a valid slicer until average_size is set). */
    public SlicerToxic() {
        this(1, 0, 0);
    }

    @Override
    public String type() {
        return "slicer";
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext ctx) throws InterruptedException {
        List<Integer> cuts = cuts(chunk.length(), ctx.random());
        int from = 0;
        for (int to : cuts) {
            ctx.emit(chunk.slice(from, to));
            from = to;
            if (!ctx.pause(delay * 1000)) {
                if (from < chunk.length()) {
                    ctx.emit(chunk.slice(from, chunk.length()));
                }
                return;
            }
        }
    }

    /** The end offsets of the pieces of a chunk of {@code length} bytes (the last one is {@code length}). */
    public List<Integer> cuts(int length, RandomGenerator random) {
        List<Integer> ends = new ArrayList<>();
        split(0, length, random, ends);
        return ends;
    }

    private void split(int start, int end, RandomGenerator random, List<Integer> ends) {
        if (end - start - averageSize <= sizeVariation) {
            ends.add(end);
            return;
        }
        int mid = start + (end - start) / 2;
        if (sizeVariation > 0) {
            mid += random.nextInt(sizeVariation * 2) - sizeVariation;
        }
        // a variation larger than half the piece would cross the ends (Toxiproxy panics there); keep both halves non-empty
        mid = Math.max(start + 1, Math.min(end - 1, mid));
        split(start, mid, random, ends);
        split(mid, end, random, ends);
    }
}
