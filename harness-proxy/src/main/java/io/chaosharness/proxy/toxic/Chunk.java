package io.chaosharness.proxy.toxic;

/**
 * What one {@code read()} returned on one link: toxics act on chunks, not on protocol messages. Immutable view of a
 * byte range; {@link #timestampNanos()} is the arrival time ({@link System#nanoTime()}), which latency toxics advance
 * by the delay they applied so that stacked delays add up and a chunk that already waited is not delayed twice.
 */
public final class Chunk {

    private final byte[] data;
    private final int offset;
    private final int length;
    private final long timestampNanos;

    public Chunk(byte[] data, int offset, int length, long timestampNanos) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("chunk range " + offset + "+" + length + " outside " + data.length + " bytes");
        }
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.timestampNanos = timestampNanos;
    }

    /** The backing array; read only {@code [offset(), offset()+length())}. Never modify it. */
    public byte[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** Bytes {@code [from, to)} of this chunk, sharing the array. */
    public Chunk slice(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IllegalArgumentException("slice [" + from + "," + to + ") outside chunk of " + length + " bytes");
        }
        return new Chunk(data, offset + from, to - from, timestampNanos);
    }

    public Chunk withTimestamp(long nanos) {
        return new Chunk(data, offset, length, nanos);
    }
}
